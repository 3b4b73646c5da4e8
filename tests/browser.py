"""A real browser for tests: one headless Chromium, driven through Selenium, per test session.

Tests take the ``browser`` fixture (``tests/conftest.py``), a :class:`Browser` reset to a plain
screen of :data:`DEFAULT_VIEWPORT` before each test, and measure what a reader sees::

    def test_title_fits(browser: Browser) -> None:
        browser.open_html(render_html(report))          # or browser.open(path) / open("http://…")
        title = browser.find("h1")
        assert browser.rect(title).width <= browser.rect("body").width
        assert browser.visible(title)
        assert browser.style(title, "text-align") == "center"
        for text, url in browser.links("a[href]"):  # addresses resolved against the page
            assert url.startswith("file://"), text

Helpers: :meth:`Browser.open` / :meth:`~Browser.open_html` (waits for fonts),
:meth:`~Browser.viewport` and :meth:`~Browser.media` (screen size, print media),
:meth:`~Browser.find` / :meth:`~Browser.find_all`, :meth:`~Browser.rect` / :meth:`~Browser.rects`
(``getBoundingClientRect`` as a :class:`Rect`), :meth:`~Browser.style` (computed style),
:meth:`~Browser.visible`, :meth:`~Browser.overflow` / :meth:`~Browser.spills` (text beyond its
box), :meth:`~Browser.links`, :meth:`~Browser.page_rule` (``@page``), :meth:`~Browser.colours`
(the pixels shown), :meth:`~Browser.glyph_images` and :meth:`~Browser.platform_fonts` (fonts),
:meth:`~Browser.js` for anything else, and :attr:`Browser.driver`, the Selenium driver itself.

The browser is Debian's Chromium with its ChromeDriver (``/usr/bin/chromium`` and
``/usr/bin/chromedriver``, packages ``chromium`` and ``chromium-driver``; ``.ci/run`` installs
them). Selenium is given the driver's path, so Selenium Manager never runs and nothing is
downloaded; the browser's own background traffic (updates, sync, QUIC) is switched off.

Where the browser or Selenium is missing the tests are skipped, unless the environment says
``GOV_DISCLOSURE_BROWSER_TESTS=required`` (``.ci/run`` sets it when it could install the
browser): then they fail, so that CI never passes by skipping them. ``=skip`` skips them even
where the browser is installed. ``GOV_DISCLOSURE_CHROMIUM`` and ``GOV_DISCLOSURE_CHROMEDRIVER``
name other binaries. Every test that takes the fixture is marked ``browser``, so
``pytest -m "not browser"`` leaves them out.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement

MODE_VARIABLE = "GOV_DISCLOSURE_BROWSER_TESTS"
"""``required``: a missing browser fails the browser tests; ``skip``: never run them; unset or
``auto``: run them where the browser is installed, skip them elsewhere."""

DEFAULT_VIEWPORT = (1240, 1800)
"""The viewport (CSS pixels) every test starts with."""

PX_PER_MM = 96 / 25.4
"""CSS pixels per millimetre (CSS fixes 96 px to the inch)."""

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
"""Chromium's flags, besides a fresh ``--user-data-dir``: headless, as root, and no network of
its own (without the background-networking flags it tries to reach the network and fails)."""


def _binary(variable: str, name: str) -> Path | None:
    named = os.environ.get(variable)
    if named:
        return Path(named) if Path(named).is_file() else None
    found = shutil.which(name)
    if found:
        return Path(found)
    default = Path("/usr/bin") / name
    return default if default.is_file() else None


def mode() -> str:
    """The value of :data:`MODE_VARIABLE`: ``required``, ``skip`` or ``auto``."""
    value = os.environ.get(MODE_VARIABLE, "auto").strip().lower() or "auto"
    if value not in ("required", "skip", "auto"):
        raise pytest.UsageError(f"{MODE_VARIABLE}={value!r}: expected required, skip or auto")
    return value


def missing() -> str | None:
    """Why no browser can be started here (None when Chromium, ChromeDriver and Selenium are
    all installed)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "Selenium is not installed (pip install -e '.[test]')"
    if _binary("GOV_DISCLOSURE_CHROMIUM", "chromium") is None:
        return "Chromium is not installed (Debian: apt-get install chromium)"
    if _binary("GOV_DISCLOSURE_CHROMEDRIVER", "chromedriver") is None:
        return "ChromeDriver is not installed (Debian: apt-get install chromium-driver)"
    return None


@dataclass(frozen=True)
class Rect:
    """An element's border box in CSS pixels, relative to the viewport
    (``getBoundingClientRect``)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def contains(self, other: Rect, slack: float = 0.5) -> bool:
        """Whether ``other`` lies inside this box (``slack`` pixels of rounding allowed)."""
        return (
            other.left >= self.left - slack
            and other.top >= self.top - slack
            and other.right <= self.right + slack
            and other.bottom <= self.bottom + slack
        )


_RECT_JS = """
const r = arguments[0].getBoundingClientRect();
return [r.left, r.top, r.width, r.height];
"""

_VISIBLE_JS = """
const el = arguments[0];
if (!el.isConnected) return false;
el.scrollIntoView({block: "center", inline: "center"});
if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
const r = el.getBoundingClientRect();
if (r.width < 1 || r.height < 1) return false;
const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
return hit !== null && (hit === el || el.contains(hit));
"""

_OVERFLOW_JS = """
const elements = typeof arguments[0] === "string"
  ? Array.from(document.querySelectorAll(arguments[0])) : arguments[0];
return elements.map((el) => {
  let over = Math.max(0, el.scrollWidth - el.clientWidth, el.scrollHeight - el.clientHeight);
  const range = document.createRange();
  range.selectNodeContents(el);
  const t = range.getBoundingClientRect();
  if (t.width > 0 && t.height > 0) {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    const left = r.left + (parseFloat(s.borderLeftWidth) || 0);
    const top = r.top + (parseFloat(s.borderTopWidth) || 0);
    over = Math.max(over, left - t.left, top - t.top,
                    t.right - (left + el.clientWidth), t.bottom - (top + el.clientHeight));
  }
  return typeof arguments[0] === "string" ? [over, el.innerText] : over;
});
"""

_COLOURS_JS = """
const [data, done] = [arguments[0], arguments[arguments.length - 1]];
const img = new Image();
img.onload = () => {
  const c = document.createElement("canvas");
  c.width = img.width; c.height = img.height;
  const ctx = c.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const px = ctx.getImageData(0, 0, c.width, c.height).data;
  const counts = {};
  for (let i = 0; i < px.length; i += 4) {
    const key = px[i] + "," + px[i + 1] + "," + px[i + 2];
    counts[key] = (counts[key] || 0) + 1;
  }
  done(counts);
};
img.onerror = () => done(null);
img.src = "data:image/png;base64," + data;
"""

_GLYPHS_JS = """
const [text, font] = [arguments[0], arguments[1]];
const c = document.createElement("canvas");
c.width = 64; c.height = 64;
const ctx = c.getContext("2d");
const images = [];
for (const ch of text) {
  ctx.clearRect(0, 0, 64, 64);
  ctx.font = font;
  ctx.fillStyle = "#000";
  ctx.textBaseline = "top";
  ctx.fillText(ch, 4, 4);
  images.push(c.toDataURL());
}
return images;
"""

_PAGE_RULE_JS = """
for (const sheet of document.styleSheets) {
  for (const rule of sheet.cssRules) {
    if (rule instanceof CSSPageRule) {
      const s = rule.style;
      return {
        size: s.getPropertyValue("size"),
        top: s.getPropertyValue("margin-top"), right: s.getPropertyValue("margin-right"),
        bottom: s.getPropertyValue("margin-bottom"), left: s.getPropertyValue("margin-left"),
      };
    }
  }
}
return null;
"""


def css_length_mm(value: str) -> float:
    """A CSS absolute length (``15mm``, ``1.5cm``, ``0.5in``, ``12pt``, ``40px``) in millimetres."""
    units = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6, "px": 25.4 / 96}
    value = value.strip()
    for unit, factor in units.items():
        if value.endswith(unit):
            return float(value[: -len(unit)]) * factor
    if value in ("0", "0.0"):
        return 0.0
    raise ValueError(f"not an absolute CSS length: {value!r}")


def rgb(colour: str) -> tuple[int, int, int, float]:
    """A computed CSS colour (``rgb(…)``/``rgba(…)``) as (red, green, blue, alpha)."""
    inside = colour[colour.index("(") + 1 : colour.rindex(")")]
    parts = [p.strip() for p in inside.replace("/", ",").split(",")]
    alpha = float(parts[3]) if len(parts) > 3 else 1.0
    return int(float(parts[0])), int(float(parts[1])), int(float(parts[2])), alpha


class Browser:
    """A headless Chromium tab with helpers that measure the page as a reader sees it.

    Elements are passed as a :class:`WebElement` or a CSS selector (the first match)."""

    def __init__(self, driver: WebDriver, pages: Path) -> None:
        self.driver = driver
        """The Selenium driver itself, for anything the helpers do not cover."""
        self.pages = pages
        """A folder for the pages :meth:`open_html` writes."""
        self._written = 0

    # --- loading and emulation ------------------------------------------------------------

    def open(self, target: str | Path) -> None:
        """Load a local file (a :class:`Path`) or a URL (``file://``, ``http://…``) and wait for
        it to load, web fonts included."""
        url = Path(target).resolve().as_uri() if isinstance(target, Path) else target
        self.driver.get(url)
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; document.fonts.ready.then(() => done());"
        )

    def open_html(self, page: str, name: str = "page.html") -> Path:
        """Write ``page`` (UTF-8) to a fresh file under :attr:`pages`, load it, return the file."""
        self._written += 1
        folder = self.pages / f"{self._written:04d}"
        folder.mkdir(parents=True)
        path = folder / name
        path.write_text(page, encoding="utf-8")
        self.open(path)
        return path

    @property
    def url(self) -> str:
        """The address of the page shown (after following a link, say)."""
        return str(self.driver.current_url)

    def viewport(self, width: int, height: int | None = None) -> None:
        """Lay the page out at exactly ``width`` × ``height`` CSS pixels (the layout viewport,
        not the window, so scrollbars and window borders do not count)."""
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": width,
                "height": height if height is not None else DEFAULT_VIEWPORT[1],
                "deviceScaleFactor": 1,
                "mobile": False,
            },
        )

    def media(self, media: str) -> None:
        """Apply the style sheet's rules for ``print`` or ``screen`` media (DevTools
        ``Emulation.setEmulatedMedia``): ``print`` lays the page out as it is printed, at the
        current viewport width."""
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})

    def reset(self) -> None:
        """Back to screen media and :data:`DEFAULT_VIEWPORT`, on a blank page."""
        self.media("")
        self.viewport(*DEFAULT_VIEWPORT)
        self.driver.get("about:blank")

    # --- finding and measuring ------------------------------------------------------------

    def js(self, script: str, *args: Any) -> Any:
        """Run ``script`` (a function body: ``arguments[i]``, ``return …``) in the page."""
        return self.driver.execute_script(script, *args)

    def find(self, selector: str) -> WebElement:
        """The first element matching the CSS ``selector`` (an error when there is none)."""
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def find_all(self, selector: str, within: WebElement | None = None) -> list[WebElement]:
        """Every element matching the CSS ``selector``, in document order."""
        from selenium.webdriver.common.by import By

        root = within if within is not None else self.driver
        return list(root.find_elements(By.CSS_SELECTOR, selector))

    def links(self, selector: str = "a[href]") -> list[tuple[str, str]]:
        """The text and the resolved, absolute address (``a.href``) of every link matching
        ``selector``: a relative ``href="tables/x.html"`` comes back as ``file:///…/x.html``."""
        found = self.js(
            "return Array.from(document.querySelectorAll(arguments[0]),"
            " (a) => [a.innerText, a.href]);",
            selector,
        )
        return [(str(text), str(href)) for text, href in found]

    def _element(self, element: WebElement | str) -> WebElement:
        return self.find(element) if isinstance(element, str) else element

    def rect(self, element: WebElement | str) -> Rect:
        """The element's border box (``getBoundingClientRect``)."""
        left, top, width, height = self.js(_RECT_JS, self._element(element))
        return Rect(float(left), float(top), float(width), float(height))

    def rects(self, elements: Sequence[WebElement]) -> list[Rect]:
        """The border boxes of many elements in one round trip."""
        boxes = self.js(
            "return arguments[0].map(e => {const r = e.getBoundingClientRect();"
            " return [r.left, r.top, r.width, r.height];});",
            list(elements),
        )
        return [Rect(*(float(v) for v in box)) for box in boxes]

    def style(self, element: WebElement | str, prop: str, pseudo: str | None = None) -> str:
        """The computed value of the CSS property ``prop`` (``getComputedStyle``), e.g.
        ``background-color`` → ``rgb(251, 213, 213)``; ``pseudo`` is ``::before`` and the like."""
        value = self.js(
            "return getComputedStyle(arguments[0], arguments[2]).getPropertyValue(arguments[1]);",
            self._element(element),
            prop,
            pseudo,
        )
        return str(value)

    def visible(self, element: WebElement | str) -> bool:
        """Whether a reader sees the element: after scrolling it into view it is rendered
        (``checkVisibility``: not ``display: none``, ``visibility: hidden`` or transparent), has
        a box of at least one pixel, and nothing else covers its centre."""
        return bool(self.js(_VISIBLE_JS, self._element(element)))

    def text(self, element: WebElement | str) -> str:
        """The element's text as laid out (``innerText``)."""
        return str(self.js("return arguments[0].innerText;", self._element(element)))

    def overflow(self, element: WebElement | str) -> float:
        """How many pixels the element's content sticks out of its padding box, in the worst
        direction: 0 when everything fits. Both the scrolling size (``scrollWidth`` against
        ``clientWidth``, heights alike) and the box of its text (a ``Range`` over its contents)
        are compared, so text that spills over a cell's border counts even where the element
        does not scroll."""
        return self.overflows([self._element(element)])[0]

    def overflows(self, elements: Sequence[WebElement]) -> list[float]:
        """:meth:`overflow` of many elements in one round trip."""
        return [float(v) for v in self.js(_OVERFLOW_JS, list(elements))]

    def spills(self, selector: str, slack: float = 0.5) -> list[tuple[str, float]]:
        """The text and :meth:`overflow` of every element matching ``selector`` whose content
        sticks out by more than ``slack`` pixels, measured in one call inside the page (fast
        enough to repeat at many widths)."""
        found = self.js(_OVERFLOW_JS, selector)
        return [(str(text), round(float(over), 2)) for over, text in found if over > slack]

    def page_rule(self) -> dict[str, str] | None:
        """The ``size`` and margins of the style sheets' first ``@page`` rule, as written
        (``{"size": "A4", "left": "15mm", …}``), or None without one."""
        found = self.js(_PAGE_RULE_JS)
        return None if found is None else {str(k): str(v) for k, v in found.items()}

    # --- pixels and glyphs ----------------------------------------------------------------

    def screenshot(self) -> bytes:
        """A PNG of the viewport."""
        return self.driver.get_screenshot_as_png()

    def colours(self, element: WebElement | str) -> Counter[tuple[int, int, int]]:
        """How many pixels of each colour (red, green, blue) the element's box shows on screen
        (a screenshot of it, scrolled into view, decoded by the browser itself)."""
        png = self._element(element).screenshot_as_base64
        counts = self.driver.execute_async_script(_COLOURS_JS, png)
        if counts is None:
            raise AssertionError("the browser could not decode its own screenshot")
        out: Counter[tuple[int, int, int]] = Counter()
        for key, n in counts.items():
            r, g, b = (int(v) for v in key.split(","))
            out[(r, g, b)] = int(n)
        return out

    def glyph_images(self, text: str, element: WebElement | str) -> list[str]:
        """Each character of ``text`` drawn alone on a canvas in the element's computed font, as
        a data URL: characters the fonts lack all come out as the same box (tofu), so distinct
        images mean real glyphs."""
        font = self.js(
            "const s = getComputedStyle(arguments[0]); return s.fontSize + ' ' + s.fontFamily;",
            self._element(element),
        )
        return [str(i) for i in self.js(_GLYPHS_JS, text, font)]

    def platform_fonts(self, selector: str) -> list[str]:
        """The names of the installed fonts that draw the text of the first element matching
        ``selector`` (DevTools ``CSS.getPlatformFontsForNode``)."""
        self.driver.execute_cdp_cmd("DOM.enable", {})
        self.driver.execute_cdp_cmd("CSS.enable", {})
        root = self.driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})
        node = self.driver.execute_cdp_cmd(
            "DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": selector}
        )
        if not node.get("nodeId"):
            raise AssertionError(f"no element matches {selector!r}")
        fonts = self.driver.execute_cdp_cmd(
            "CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]}
        )
        return [str(f["familyName"]) for f in fonts["fonts"]]


def start(pages: Path) -> Iterator[Browser]:
    """Start one headless Chromium (a fresh profile under ``pages``), yield it, quit it.

    Skips (or fails, under ``GOV_DISCLOSURE_BROWSER_TESTS=required``) where it cannot run."""
    how = mode()
    if how == "skip":
        pytest.skip(f"{MODE_VARIABLE}=skip")
    reason = missing()
    if reason is not None:
        if how == "required":
            pytest.fail(f"{reason}, and {MODE_VARIABLE}=required", pytrace=False)
        pytest.skip(reason)

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = _binary("GOV_DISCLOSURE_CHROMIUM", "chromium")
    chromedriver = _binary("GOV_DISCLOSURE_CHROMEDRIVER", "chromedriver")
    assert chromium is not None
    assert chromedriver is not None
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=pages))
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.add_argument(f"--window-size={DEFAULT_VIEWPORT[0]},{DEFAULT_VIEWPORT[1]}")
    # the driver's path is given: Selenium Manager (which would download one) never runs
    driver = webdriver.Chrome(service=Service(str(chromedriver)), options=options)
    try:
        driver.set_script_timeout(30)
        driver.set_page_load_timeout(60)
        browser = Browser(driver, pages)
        browser.reset()
        yield browser
    finally:
        driver.quit()
