"""Plotly figures drawn to PNG on the server by kaleido, in one headless Chromium kept open.

Starting Chromium costs seconds; drawing one chart in an open one well under a second. A
`Renderer` therefore opens its browser on first use and keeps it until `close()`.

Why not `kaleido.start_sync_server()`: when Chromium cannot start, its server thread dies and
every later call waits forever on its queue; and concurrent callers (Streamlit sessions) can
receive each other's images. Here each call has its own future and a timeout, a missing or
failed browser becomes a `RenderUnavailable` with a message for users, and the next call after
a failure starts a fresh browser.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import threading
from concurrent.futures import TimeoutError as FutureTimeout

import plotly.graph_objects as go

from cchc_metrics import i18n

# A 16:9 slide in layout pixels: chart fonts of 13–28 px then read as 13–28 pt on a
# full-width slide (a 13.33-inch slide is 960 pt wide). Scale 2 gives a 1920×1080 PNG.
SLIDE_WIDTH = 960
SLIDE_HEIGHT = 540
SLIDE_SCALE = 2

BROWSER_ENV = "BROWSER_PATH"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
START_TIMEOUT_S = 60.0
RENDER_TIMEOUT_S = 60.0


class RenderUnavailable(RuntimeError):
    """Charts cannot be drawn on the server. `reason`: no_browser, browser_failed or timeout."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

    def message(self, lang: str = i18n.DEFAULT_LANG) -> str:
        """What went wrong and what to do, in `lang`."""
        return i18n.t(f"export.unavailable.{self.reason}", lang, detail=self.detail, env=BROWSER_ENV)


def browser_path() -> str | None:
    """The Chromium/Chrome to use: $BROWSER_PATH when it names a program, else the first on PATH."""
    chosen = os.environ.get(BROWSER_ENV)
    if chosen:
        return chosen if os.path.isfile(chosen) and os.access(chosen, os.X_OK) else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def can_render() -> bool:
    """Whether a browser for server-side rendering is installed (it may still fail to start)."""
    return browser_path() is not None


class Renderer:
    """One headless Chromium drawing PNGs; safe to share between threads. Use as a context manager
    or call `close()`; it is also closed when the interpreter exits.
    """

    def __init__(self, path: str | None = None, timeout_s: float = RENDER_TIMEOUT_S):
        self._path = path
        self._timeout_s = timeout_s
        self._lock = threading.Lock()  # guards starting and stopping, not drawing
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        atexit.register(self.close)

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def png(
        self, fig: go.Figure, width: int = SLIDE_WIDTH, height: int = SLIDE_HEIGHT, scale: float = SLIDE_SCALE
    ) -> bytes:
        """The figure as PNG bytes of width×scale by height×scale pixels.

        Raises RenderUnavailable when no browser is installed, it fails, or drawing times out.
        """
        loop, kaleido_ = self._started()
        opts = {"format": "png", "width": int(width), "height": int(height), "scale": scale}
        future = asyncio.run_coroutine_threadsafe(kaleido_.calc_fig(fig, opts=opts), loop)
        try:
            return future.result(self._timeout_s)
        except FutureTimeout:
            future.cancel()
            self.close()
            raise RenderUnavailable("timeout", f"{self._timeout_s:.0f} s") from None
        except Exception as exc:  # the browser died or refused: start afresh next time
            self.close()
            raise RenderUnavailable("browser_failed", f"{type(exc).__name__}: {exc}"[:300]) from exc

    def _started(self):
        with self._lock:
            if self._kaleido is not None:
                return self._loop, self._kaleido
            path = self._path or browser_path()
            if path is None:
                raise RenderUnavailable("no_browser", os.environ.get(BROWSER_ENV, ""))
            import kaleido  # imported here: the rest of the library works without it

            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="chart-renderer", daemon=True)
            thread.start()

            async def open_browser():
                # mathjax=False: no formulas in our charts, and no fetch from a CDN while offline
                k = kaleido.Kaleido(path=path, mathjax=False, timeout=self._timeout_s)
                await k.open()
                return k

            future = asyncio.run_coroutine_threadsafe(open_browser(), loop)
            try:
                self._kaleido = future.result(START_TIMEOUT_S)
            except Exception as exc:
                loop.call_soon_threadsafe(loop.stop)
                thread.join(5)
                reason = "timeout" if isinstance(exc, FutureTimeout) else "browser_failed"
                raise RenderUnavailable(reason, f"{path}: {type(exc).__name__}: {exc}"[:300]) from None
            self._loop, self._thread = loop, thread
            return loop, self._kaleido

    def close(self) -> None:
        """Close the browser (if open); the next `png()` opens a new one."""
        with self._lock:
            k, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
        if loop is None:
            return
        try:
            if k is not None:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(10)
        except Exception:  # closing a browser that already died: nothing left to do
            pass
        finally:
            loop.call_soon_threadsafe(loop.stop)
            if thread is not None:
                thread.join(5)
                if not thread.is_alive():
                    loop.close()
