"""The statistics page in Chromium: the vendored Chart.js draws every chart under the strict CSP,
each chart has its table, and axe-core finds no serious accessibility violation."""

import datetime

import pytest
from django.utils import timezone

from readership.models import DailyViews
from tests.helpers.browser import requires_chromium, start_chromium
from tests.helpers.factories import ArticleFactory, SectionFactory
from tests.helpers.quality import requires_axe, serious_violations



@requires_chromium
@requires_axe
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_charts_are_drawn_with_their_tables_and_no_serious_violation(superuser, admin_server, tmp_path):
    today = timezone.localdate()
    for number, name in enumerate(["Thời sự", "Kinh tế"]):
        article = ArticleFactory(title=f"Bài {name}", section=SectionFactory(name=name), live=True)
        for days_ago in range(6):
            DailyViews.objects.create(article=article, day=today - datetime.timedelta(days=days_ago),
                                      count=10 * (number + 1) + days_ago)
    browser = start_chromium(tmp_path / "profile")
    try:
        browser.get(f"{admin_server}/admin/readership/dailyviews/?period=7")
        drawn = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "const check = (tries) => {"
            "  const canvases = Array.from(document.querySelectorAll('canvas[data-chart]'));"
            "  const charts = canvases.map(c => window.Chart && window.Chart.getChart(c));"
            "  if (charts.length && charts.every(Boolean)) {"
            "    done(charts.map(c => ({type: c.config.type, points: c.data.datasets[0].data.length,"
            "                           width: c.canvas.width})));"
            "  } else if (tries > 50) { done(null); } else { setTimeout(() => check(tries + 1), 100); }"
            "};"
            "check(0);")
        assert drawn is not None, "Chart.js did not draw the charts"
        assert [(chart["type"], chart["points"]) for chart in drawn] == [("line", 7), ("bar", 7)]
        assert all(chart["width"] > 0 for chart in drawn)
        tables = browser.execute_script(
            "return Array.from(document.querySelectorAll('.statistics-block')).map("
            "  b => [b.querySelector('h2').textContent, !!b.querySelector('canvas'), !!b.querySelector('table')]);")
        assert ["Lượt xem theo ngày", True, True] in tables
        assert ["Bài đăng theo ngày và chuyên mục", True, True] in tables
        assert serious_violations(browser) == []
        # The policy refused nothing (no inline script, no outside address).
        errors = [entry["message"] for entry in browser.get_log("browser") if "Content Security Policy" in
                  entry["message"]]
        assert errors == []
    finally:
        browser.quit()
