"""Award suggestions take time linear in the text's length, whatever the text (issue #13, item 4).

Each case runs in a child process with a time limit, so that a regression
fails the test instead of hanging the suite. Before the scanner, a 40 KB
paragraph without punctuation took about 30 s.
"""

import json
import multiprocessing
import time

import pytest

from awards.suggestions import DEFAULT_PHRASINGS_FILE, Phrasings, suggest

FORMS = ["Giấy khen", "Bằng khen", "Cờ thi đua", "Chiến sĩ thi đua", "Huân chương", "Huy chương", "Kỷ niệm chương",
         "Danh hiệu", "Giấy chứng nhận"]
SECONDS = 2.0  # for 40 KB; ten times that for 400 KB (today: about 0.1 s and 1 s)


def repeat(phrase: str, size: int) -> str:
    return (phrase * (size // len(phrase.encode("utf-8")) + 1))[:size]


CASES = {
    "words without punctuation": "các tập thể và cá nhân có thành tích xuất sắc trong phong trào ",
    "issuer words": "Chủ tịch UBND tỉnh ",
    "verb and form with no issuer": "tặng Bằng khen của ",
    "stop words": "cho vì do đã trong ",
    "capitals after a form": "trao Huân chương Lao Động Hạng Ba Nhì Nhất ",
    "a full phrasing again and again": "được tặng Bằng khen của Chủ tịch UBND tỉnh và Giám đốc Công an tỉnh cho ",
    "recipients first": "Công an phường Nam Lý được Chủ tịch UBND tỉnh tặng ",
    "forms listed": "Bằng khen và Giấy khen và ",
    "no spaces": "x" * 50,
}


def _run(text, queue):
    data = json.loads(DEFAULT_PHRASINGS_FILE.read_text(encoding="utf-8"))
    phrasings = Phrasings(data, FORMS)
    started = time.perf_counter()
    found = suggest([text], phrasings)
    queue.put((time.perf_counter() - started, len(found)))


def timed(text: str, seconds: float = SECONDS) -> tuple[float, int]:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_run, args=(text, queue), daemon=True)
    process.start()
    process.join(seconds + 5)  # process start-up and loading the phrasings are not timed
    if process.is_alive():
        process.kill()
        process.join()
        pytest.fail(f"suggestions on {len(text.encode())} bytes still running after {seconds + 5} s")
    elapsed, found = queue.get(timeout=5)
    assert elapsed < seconds, f"{len(text.encode())} bytes took {elapsed:.2f} s (limit {seconds} s)"
    return elapsed, found


@pytest.mark.parametrize("phrase", CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize("size", [40_000, 400_000])
def test_a_large_paragraph_is_read_within_the_time_limit(phrase, size):
    timed(repeat(phrase, size), seconds=SECONDS * size / 40_000)


def test_time_grows_linearly_with_the_text():
    phrase = CASES["a full phrasing again and again"]
    small, found_small = timed(repeat(phrase, 40_000))
    large, found_large = timed(repeat(phrase, 400_000), seconds=SECONDS * 10)
    # Ten times the text: well under a hundred times the time (quadratic); a margin for a busy machine.
    assert large < max(small, 0.02) * 25
    # The same few awards, however often they are repeated.
    assert found_small == found_large == 2
