# Vietnamese date and number formats: "8 tháng 3 năm 2019", "55.000".
# Django's own vi formats print "Ngày 08 tháng 3 năm 2019", which reads oddly inside a sentence.
DATE_FORMAT = r"j \t\h\á\n\g n \n\ă\m Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = r"H:i, j \t\h\á\n\g n \n\ă\m Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = r"j \t\h\á\n\g n"
YEAR_MONTH_FORMAT = r"\t\h\á\n\g n \n\ă\m Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
