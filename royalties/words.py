"""Amounts in Vietnamese words, as written on payment sheets.

num2words (lang="vi") reads each group of three digits well, but not how the
groups join: it gives "một nghìn lẻ mười" for 1,010 and "một triệu năm nghìn"
for 1,005,000, where payment documents write "một nghìn không trăm mười" and
"một triệu không trăm lẻ năm nghìn". So num2words reads the groups and this
module joins them: after the first group, a group under 100 is read with its
"không trăm" (and "lẻ" before a single digit); an all-zero group is skipped.
"""

from num2words import num2words

_SCALES = ["", "nghìn", "triệu", "tỷ"]


def _scale(index: int) -> str:
    # Past a billion the words repeat: nghìn tỷ, triệu tỷ, tỷ tỷ.
    words = [_SCALES[index % 3]] if index % 3 else []
    words += ["tỷ"] * (index // 3)
    return " ".join(words)


def _group(value: int, *, leading: bool) -> str:
    if leading or value >= 100:
        return num2words(value, lang="vi")
    if value >= 10:
        return "không trăm " + num2words(value, lang="vi")
    return "không trăm lẻ " + num2words(value, lang="vi")


def number_in_words(number: int) -> str:
    """A whole number in Vietnamese words, lower case: 1755000 -> "một triệu bảy trăm năm mươi lăm nghìn"."""
    number = int(number)
    if number == 0:
        return "không"
    if number < 0:
        return "âm " + number_in_words(-number)
    groups = []
    while number:
        number, rest = divmod(number, 1000)
        groups.append(rest)
    words = []
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if value == 0:
            continue
        words.append(_group(value, leading=index == len(groups) - 1))
        if _scale(index):
            words.append(_scale(index))
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """An amount of đồng as on a sheet: 1755000 -> "Một triệu bảy trăm năm mươi lăm nghìn đồng"."""
    text = number_in_words(amount) + " đồng"
    return text[0].upper() + text[1:]
