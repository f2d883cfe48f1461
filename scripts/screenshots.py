#!/usr/bin/env python3
"""Screenshots of the public site for README.md and docs/, made by the project itself.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

It builds a throw-away SQLite database and media folder in a temporary
directory, runs `migrate` and `demo` there, serves the site with
`manage.py runserver` on a free local port, and asks Debian's headless Chromium
(`apt-get install chromium`) to save:

- home.png         the home page at 1280 px wide
- article.png      the sample article at 1280 px wide
- home-mobile.png  the home page at 390 px wide (a phone)
- documents.png    the documents register (/van-ban/) at 1280 px wide
- consultation.png the demo draft open for comment (/lay-y-kien/...) at 1280 px wide

and, logged in as the demo superuser through Selenium and chromedriver (in
requirements-dev.txt; skipped, saying so, without them):

- admin-dashboard.png  the admin home: the workflow and royalties panels
- statistics.png       Thống kê (readership statistics) with its charts
- royalties.png        a month's royalty sheet
- editor.png           the sample article in the body editor (the article form)
- editor-mobile.png    the body editor at 390 px (a phone), its toolbar wrapped

and, for the newsroom's guide (docs/editors.md), as the demo superuser:

- guide-article-list.png  Bài viết: the article list with its status filter
- guide-workflow.png      the workflow panel of the sample article (buttons, checklist, preview link)
- guide-revisions.png     the sample article's saved versions (Lịch sử bản lưu)
- guide-calendar.png      Lịch đăng bài
- guide-trash.png         the trash (Thùng rác)
- guide-awards-import.png the awards import page, with its sample CSV link

Nothing outside the temporary directory and the output folder is touched;
the server it started is stopped at the end. Chromium runs with networking
extras off (no sync, no component updates) and its own temporary profile.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM_NAMES = ["chromium", "chromium-browser", "google-chrome"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                  "--lang=vi", "--accept-lang=vi", "--virtual-time-budget=5000"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The development server did not answer at {url}.")


def shoot(chromium: str, url: str, target: Path, size: str, profile: Path) -> None:
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={size}",
                    f"--screenshot={target}", url], check=True, capture_output=True, timeout=120)
    print(f"{target}  ({size}, {url})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(BASE_DIR / "docs" / "screenshots"), help="output folder")
    args = parser.parse_args()
    chromium = next((shutil.which(name) for name in CHROMIUM_NAMES if shutil.which(name)), None)
    if chromium is None:
        print("Chromium is not installed: apt-get install -y chromium", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="newsroom-shots-") as tmp:
        tmp_path = Path(tmp)
        env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
               "MEDIA_ROOT": str(tmp_path / "media"), "SITE_URL": f"http://127.0.0.1:{port}"}
        manage = [sys.executable, str(BASE_DIR / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=BASE_DIR)
        demo = subprocess.run([*manage, "demo"], env=env, check=True, cwd=BASE_DIR, capture_output=True, text=True)
        article_url = re.search(r"https?://\S+", demo.stdout).group(0)
        server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=BASE_DIR,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            home_url = f"http://127.0.0.1:{port}/"
            wait_until_up(home_url)
            shoot(chromium, home_url, out / "home.png", "1280,2000", tmp_path / "profile")
            shoot(chromium, article_url, out / "article.png", "1280,2000", tmp_path / "profile")
            shoot(chromium, home_url, out / "home-mobile.png", "390,1600", tmp_path / "profile")
            shoot(chromium, home_url + "van-ban/", out / "documents.png", "1280,1400", tmp_path / "profile")
            with urllib.request.urlopen(home_url + "lay-y-kien/", timeout=10) as response:
                listing = response.read().decode()
            draft = re.search(r'href="(/lay-y-kien/[^"/]+/)"', listing).group(1)
            shoot(chromium, home_url.rstrip("/") + draft, out / "consultation.png", "1280,2200", tmp_path / "profile")
            password = re.search(r"^\s*quantri\s+(\S+)", demo.stdout, re.MULTILINE).group(1)
            shoot_admin(home_url, password, out, [
                ("admin/", "admin-dashboard.png", (1280, 1400)),
                ("admin/readership/dailyviews/", "statistics.png", (1280, 2400)),
                ("admin/royalties/royaltyrecord/bang-thanh-toan/", "royalties.png", (1280, 1400)),
            ])
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


def shoot_admin(home_url: str, password: str, out: Path, pages) -> None:
    """Log in to the admin as the demo superuser and save each page (Selenium, Debian's chromedriver)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
    except ImportError:
        print("Selenium is not installed (requirements-dev.txt): admin screenshots skipped", file=sys.stderr)
        return
    driver_path = shutil.which("chromedriver")
    if driver_path is None:
        print("chromedriver is not installed (apt-get install chromium-driver): admin screenshots skipped",
              file=sys.stderr)
        return
    options = webdriver.ChromeOptions()
    for flag in CHROMIUM_FLAGS:
        if not flag.startswith("--virtual-time-budget"):
            options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.get(home_url + "admin/login/")
        driver.find_element(By.NAME, "username").send_keys("quantri")
        driver.find_element(By.NAME, "password").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "[type=submit]").click()
        for path, name, (width, height) in pages:
            driver.set_window_size(width, height)
            driver.get(home_url + path)
            time.sleep(1)  # charts draw after load
            driver.save_screenshot(str(out / name))
            print(f"{out / name}  ({width},{height}, {home_url + path})")
        shoot_editor(driver, home_url, out)
        shoot_guide(driver, home_url, out)
    finally:
        driver.quit()


def shoot_editor(driver, home_url: str, out: Path) -> None:
    """The sample article's form with the body editor (articles/editor/), on a desktop and a phone."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.set_window_size(1280, 1500)
    driver.get(home_url + "admin/articles/article/")
    change_url = driver.find_element(By.CSS_SELECTOR, "#result_list tbody th a, #result_list tbody td a").get_attribute("href")
    for name, width, height in (("editor.png", 1280, 1500), ("editor-mobile.png", 390, 1400)):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500})
        driver.get(change_url)
        area = WebDriverWait(driver, 20).until(
            lambda d: d.find_element(By.CSS_SELECTOR, "[data-editor=body][contenteditable]"))
        driver.execute_script("arguments[0].closest('.form-row').scrollIntoView()", area)
        time.sleep(1)  # thumbnails load
        driver.save_screenshot(str(out / name))
        print(f"{out / name}  ({width},{height}, {change_url})")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def shoot_guide(driver, home_url: str, out: Path) -> None:
    """The admin pages the newsroom's guide (docs/editors.md) shows, at 1280 px."""
    from selenium.webdriver.common.by import By

    driver.set_window_size(1280, 1200)
    driver.get(home_url + "admin/articles/article/")
    driver.save_screenshot(str(out / "guide-article-list.png"))
    change_url = driver.find_element(By.CSS_SELECTOR, "#result_list tbody th a, #result_list tbody td a").get_attribute("href")
    driver.set_window_size(1280, 1400)
    driver.get(change_url)
    panels = driver.find_elements(By.CSS_SELECTOR, "#workflow-panel")
    if panels:
        driver.execute_script("arguments[0].scrollIntoView()", panels[0])
        time.sleep(1)
    driver.save_screenshot(str(out / "guide-workflow.png"))
    article_url = change_url.rstrip("/").removesuffix("/change")
    for path, name in ((article_url + "/revisions/", "guide-revisions.png"),
                       (home_url + "admin/articles/article/calendar/", "guide-calendar.png"),
                       (home_url + "admin/articles/article/?trash=1", "guide-trash.png"),
                       (home_url + "admin/awards/award/import/", "guide-awards-import.png")):
        driver.set_window_size(1280, 1100)
        driver.get(path)
        time.sleep(0.5)
        driver.save_screenshot(str(out / name))
        print(f"{out / name}  (1280,1100, {path})")


if __name__ == "__main__":
    raise SystemExit(main())
