"""Totals in Vietnamese words, as payment sheets write them."""

import pytest
from num2words import num2words

from royalties.words import amount_in_words


@pytest.mark.parametrize("amount, words", [
    (0, "Không đồng"),
    (5, "Năm đồng"),
    (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"),
    (105, "Một trăm lẻ năm đồng"),
    (1755000, "Một triệu bảy trăm năm mươi lăm nghìn đồng"),
    (2340000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
    (101000, "Một trăm lẻ một nghìn đồng"),
    (1200500, "Một triệu hai trăm nghìn năm trăm đồng"),
    # Where num2words alone reads wrong (a group under 100 after the first one):
    (1010, "Một nghìn không trăm mười đồng"),
    (1055, "Một nghìn không trăm năm mươi lăm đồng"),
    (1005000, "Một triệu không trăm lẻ năm nghìn đồng"),
    (3050000, "Ba triệu không trăm năm mươi nghìn đồng"),
    (2000001, "Hai triệu không trăm lẻ một đồng"),
    (1000001000, "Một tỷ không trăm lẻ một nghìn đồng"),
    (1000000000000, "Một nghìn tỷ đồng"),
    (-5000, "Âm năm nghìn đồng"),
])
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_num2words_still_reads_the_groups_we_correct_its_own_way():
    # If num2words fixes these, royalties/words.py can be simplified.
    assert num2words(1010, lang="vi") == "một nghìn lẻ mười"
    assert num2words(1005000, lang="vi") == "một triệu năm nghìn"
