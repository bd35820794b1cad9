"""`ledger serve`: the reviewer UI (`ledger review`) in a browser, through textual-serve.

textual-serve runs one `ledger review` process per browser connection and relays the
terminal over a websocket; no UI code is added. Every process runs as the user who started
the server, on the same database, so whoever reaches the port acts as that user: the server
binds to the loopback interface unless `--allow-remote` is given.

The database URL reaches the children in their environment (LEDGER_DATABASE_URL), never on
a command line that `ps` shows or the server prints.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import shlex
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import click

from ledger.cli import Context, cli, pass_ctx
from ledger.cli.tui_commands import review_cmd
from ledger.errors import InputError
from ledger.sources.urls import check_url


def _addresses(host: str) -> list[str]:
    """The IP addresses `host` names (an address itself, or a name resolved)."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise InputError(f"--host {host!r}: cannot resolve it ({err})") from None
    return sorted({str(info[4][0]).split("%", 1)[0] for info in infos})


def is_loopback(host: str) -> bool:
    """Whether `host` reaches this machine only (127.0.0.0/8, ::1, `localhost`)."""
    if not host.strip():
        return False  # an empty host listens on every interface
    return all(ipaddress.ip_address(address).is_loopback for address in _addresses(host))


def _listens_everywhere(host: str) -> bool:
    try:
        return not host.strip() or ipaddress.ip_address(host).is_unspecified
    except ValueError:  # a name, not an address
        return False


def _check_port_free(host: str, port: int) -> None:
    """Fail with one clear line when `port` cannot be listened on (taken, privileged)."""
    family = socket.AF_INET6 if ":" in _addresses(host)[0] else socket.AF_INET
    try:
        probe = socket.create_server((host, port), family=family)
    except OSError as err:
        raise InputError(_listen_error(host, port, err)) from None
    probe.close()


def _listen_error(host: str, port: int, err: OSError) -> str:
    reason = os.strerror(err.errno) if err.errno else str(err)
    return f"cannot listen on {host}:{port}: {reason}"


def _public_url(value: str | None) -> str | None:
    """`--public-url` as the import's URL rule (`check_url`) takes it, without a final /."""
    url = check_url(value, "--public-url")
    return url.rstrip("/") if url is not None else None


def _site(url: str) -> tuple[str, int] | None:
    """(host name, port) of an http(s) URL or `//host:port`; None when it names none."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname.lower(), port or (443 if parts.scheme == "https" else 80)


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def _server_class() -> type:
    """textual-serve's Server with two changes:

    - It answers only requests addressed to itself, and opens a session only for a page
      of its own: the Host header must name the server (its public URL, or for a loopback
      server `localhost`/`127.0.0.1`/`::1` and its port), and so must the Origin a browser
      sends. Without this any web page the reviewer visits could open the websocket
      (browsers let a page connect to any websocket) or reach it by DNS rebinding, and
      review as them.
    - Stopping it ends the open sessions (textual-serve's own shutdown waits for every open
      browser tab, up to a minute, before it ends their `ledger review`).
    """
    from aiohttp import web
    from textual_serve.server import Server

    Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

    class LedgerServer(Server):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.sessions: set[asyncio.Task[object]] = set()
            names = {self.host.lower()}
            if is_loopback(self.host):
                names.update(LOOPBACK_NAMES)
            sites = {(name, self.port) for name in names}
            self.sites = frozenset(sites | {_site(self.public_url)} - {None})

        def addressed_to_me(self, request: web.Request) -> bool:
            host = _site(f"//{request.host}")
            if host is not None and ":" not in request.host.rsplit("]", 1)[-1]:
                # no port given: the default one of the scheme the browser used (a proxy
                # may take https and forward http)
                host = (host[0], 443) if (host[0], 443) in self.sites else host
            if host not in self.sites:
                return False
            origin = request.headers.get("Origin")
            return origin is None or _site(origin) in self.sites

        async def _make_app(self) -> web.Application:  # textual-serve's app, one more layer
            app = await super()._make_app()

            @web.middleware
            async def only_mine(request: web.Request, handler: Handler) -> web.StreamResponse:
                if not self.addressed_to_me(request):
                    raise web.HTTPForbidden(text="this server serves only its own pages")
                return await handler(request)

            app.middlewares.append(only_mine)
            return app

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            task = asyncio.current_task()
            assert task is not None
            self.sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

        async def on_shutdown(self, app: web.Application) -> None:
            # a cancelled session closes its websocket and tells its app to quit
            for task in self.sessions:
                task.cancel()
            if self.sessions:
                await asyncio.wait(self.sessions, timeout=SESSION_QUIT_SECONDS)

    return LedgerServer


SESSION_QUIT_SECONDS = 10  # how long a stopping server waits for a session's app to quit


REVIEW_OPTIONS = ("keys_file", "page_size", "org_name", "org_url")  # passed on to the sessions


def with_review_options(command: click.Command) -> click.Command:
    """Give `command` the options of `ledger review` itself (one definition, same help)."""
    command.params.extend(p for p in review_cmd.params if p.name in REVIEW_OPTIONS)
    return command


def review_command(*, actor: str | None, debug: bool, options: dict[str, object]) -> str:
    """The shell command textual-serve runs per browser connection: this `ledger review`."""
    argv = [sys.executable, "-m", "ledger"]
    if debug:
        argv.append("--debug")
    if actor is not None:
        argv += ["--as", actor]
    argv.append("review")
    flags = {p.name: p.opts[0] for p in review_cmd.params}
    for name in REVIEW_OPTIONS:
        value = options.get(name)
        if value not in (None, ""):
            argv += [flags[name], str(value)]
    return shlex.join(argv)


@with_review_options
@cli.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on; a non-loopback one needs --allow-remote.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--public-url",
    metavar="URL",
    help="The URL browsers use to reach the server (behind a proxy; default: http://HOST:PORT).",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Listen on a non-loopback --host: everyone who reaches it acts as you.",
)
@pass_ctx
def serve_cmd(
    ctx: Context,
    host: str,
    port: int,
    public_url: str | None,
    allow_remote: bool,
    **review_options: object,
) -> None:
    """Serve the reviewer UI (`ledger review`) to a browser: open http://HOST:PORT.

    Each browser tab runs its own `ledger review` on the same database with the options
    given here, as the user who started the server (--as, else LEDGER_ACTOR, else the OS
    user). There is no login: EVERYONE WHO CAN REACH THE PORT ACTS AS THAT USER, so it
    listens on 127.0.0.1 unless --allow-remote is given. Ctrl+C stops the server and its
    sessions.
    """
    from ledger.services import roles

    try:
        Server = _server_class()

        from ledger.tui.keys import load_keymap
    except ImportError as err:  # a checkout without textual-serve installed
        raise InputError(f"ledger serve needs textual-serve: {err}") from None

    url = _public_url(public_url)
    keys_file = review_options.get("keys_file")
    keys = Path(str(keys_file)).resolve() if keys_file else None
    review_options["keys_file"] = keys
    load_keymap(keys)  # a bad key file fails here, not in every browser tab
    db = ctx.database()  # opened (brought to head) once here: a bad URL fails here too
    with db.read() as session:
        me = roles.acting_user(session)
    db.dispose()
    if not is_loopback(host):
        if not allow_remote:
            raise InputError(
                f"--host {host!r} is reachable from other machines and everyone who reaches it "
                f"would act as {me!r}; give --allow-remote to serve it anyway"
            )
        if url is None and _listens_everywhere(host):
            raise InputError(
                f"--host {host!r} listens on every interface: give --public-url, the address "
                "browsers use to reach it (it only answers requests addressed to it)"
            )
        click.echo(
            f"ledger: warning: serving on {host}:{port} with no login: everyone who can reach "
            f"it reviews as {me!r}; put it behind an authenticating proxy",
            err=True,
        )
    _check_port_free(host, port)
    if ctx.db_url is not None:
        os.environ["LEDGER_DATABASE_URL"] = ctx.db_url  # the children's database
    root = click.get_current_context().find_root()
    command = review_command(
        actor=root.params.get("actor"), debug=ctx.debug, options=review_options
    )
    server = Server(command, host=host, port=port, title="Statement Ledger", public_url=url)
    click.echo(f"ledger: serving the reviewer UI as {me!r} on {server.public_url}", err=True)
    try:
        server.serve(debug=False)
    except OSError as err:  # the port was taken since the check
        raise InputError(_listen_error(host, port, err)) from None
