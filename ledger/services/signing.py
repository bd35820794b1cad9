"""Signed notes: the signing key and the checkpoint's text, signed and checked.

A checkpoint is a signed note (the shape of the Go checksum database's, and of C2SP's
tlog-checkpoint): text lines, a blank line, then signature lines.

    statement-ledger/1f0c2a9e44b1d8e7        origin: this ledger (its first event's hash)
    1048576                                  tree size: events covered
    8Rv2…=                                   root hash of their Merkle tree (base64)
    time 2026-12-02T01:23:45Z                when it was signed (UTC)
    head 5e1b…                               the hash of the last event covered (hex)
    key ed25519 MCow…=                       the signer's public key (base64, raw 32 bytes)

    — statement-ledger AbCd…                 base64(key hash, 4 bytes || Ed25519 signature)

The signature covers every byte before the blank line; the key hash is the first four bytes
of SHA-256(name || "\\n" || 0x01 || public key), as in Go's note format, and is the key id
shown (`statement-ledger+1a2b3c4d`).

The key (Ed25519, from `cryptography`) lives outside the database: `--key FILE`, else
`LEDGER_SIGNING_KEY`, else `signing-key.pem` in the user's config folder (`platformdirs`);
it is created on first use with mode 0600, and refused when others may read it. Nothing
here touches the database; `ledger.services.checkpoints` takes and checks checkpoints.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ledger.errors import InputError, LedgerError
from ledger.services.output_files import output_target, replacing

NAME = "statement-ledger"
ORIGIN_PREFIX = NAME + "/"
KEY_ENV = "LEDGER_SIGNING_KEY"
MAX_NOTE_BYTES = 64 * 1024
_ED25519 = b"\x01"  # the note format's algorithm byte
_DASH = "\u2014 "


class CheckpointError(LedgerError):
    """A checkpoint or proof does not hold: forged, malformed, or not this history's."""


# --- the key ------------------------------------------------------------------------------


def default_key_path() -> Path:
    """`signing-key.pem` in the user's config folder for the ledger."""
    import platformdirs

    return platformdirs.user_config_path(NAME) / "signing-key.pem"


def key_path(explicit: str | None = None) -> Path:
    """The signing key's file: `explicit`, else LEDGER_SIGNING_KEY, else the default."""
    chosen = explicit or os.environ.get(KEY_ENV)
    return Path(chosen).expanduser() if chosen else default_key_path()


def load_key(path: Path, create: bool = True) -> Ed25519PrivateKey:
    """The Ed25519 key in `path` (PKCS#8 PEM), created there (mode 0600) when missing."""
    if not path.exists():
        if not create:
            raise InputError(f"signing key {path} does not exist")
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return load_key(path, create=False)  # another process made it first
        except OSError as err:
            raise InputError(f"signing key {path}: cannot create it ({err.strerror})") from None
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        return key
    if not path.is_file():
        raise InputError(f"signing key {path} is not a file")
    mode = path.stat().st_mode
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InputError(
            f"signing key {path} may be read by others (mode {stat.S_IMODE(mode):o}): "
            f"chmod 600 {path}"
        )
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as err:
        raise InputError(f"signing key {path} is not a PEM private key ({err})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(f"signing key {path} is not an Ed25519 key")
    return key


def raw_public(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a key's public half."""
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_hash(public: bytes) -> bytes:
    """The note format's key hash: SHA-256(name || LF || 0x01 || key)[:4]."""
    return hashlib.sha256(NAME.encode() + b"\n" + _ED25519 + public).digest()[:4]


def key_id(public: bytes) -> str:
    """How a key is named to people: `statement-ledger+` and its key hash in hex."""
    return f"{NAME}+{key_hash(public).hex()}"


def verifier_key(public: bytes) -> str:
    """The key as a Go note verifier key: name+hash+base64(0x01 || key)."""
    return f"{key_id(public)}+{base64.b64encode(_ED25519 + public).decode()}"


def export_public_key(key: Ed25519PrivateKey, path: str, force: bool = False) -> Path:
    """Write the public half of `key` as a PEM file at `path` (a user's -o path)."""
    target = output_target(path, force)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    with replacing(target, ".ledger-key-") as tmp:
        tmp.write_bytes(pem)
    return target


def read_public_key(path: str) -> bytes:
    """A pinned public key from a PEM file or a one-line note verifier key; raw bytes."""
    try:
        data = Path(path).read_bytes()[:MAX_NOTE_BYTES]
    except OSError as err:
        raise InputError(f"{path}: cannot read the public key ({err.strerror})") from None
    if b"PRIVATE KEY" in data:
        raise InputError(f"{path}: is a private key; pin the public one (--public-key-out)")
    if data.lstrip().startswith(b"-----BEGIN"):
        try:
            pub = serialization.load_pem_public_key(data)
        except (ValueError, TypeError) as err:
            raise InputError(f"{path}: not a PEM public key ({err})") from None
        if not isinstance(pub, Ed25519PublicKey):
            raise InputError(f"{path}: not an Ed25519 public key")
        return raw_public(pub)
    parts = data.decode("ascii", "replace").strip().split("+")
    if len(parts) == 3 and parts[0] == NAME:
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except binascii.Error:
            blob = b""
        if len(blob) == 33 and blob[:1] == _ED25519 and key_hash(blob[1:]).hex() == parts[1]:
            return blob[1:]
    raise InputError(f"{path}: not a public key (PEM, or {NAME}+HASH+KEY)")


# --- the note -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    time: str
    head: str
    public: bytes
    text: str  # the whole note, signature lines included

    @property
    def key_id(self) -> str:
        return key_id(self.public)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def sign_note(
    key: Ed25519PrivateKey, origin: str, size: int, root: bytes, head: str, now: datetime
) -> Checkpoint:
    """A signed checkpoint of a tree of `size` events with `root`, the last one `head`."""
    public = raw_public(key)
    when = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = f"{origin}\n{size}\n{_b64(root)}\ntime {when}\nhead {head}\nkey ed25519 {_b64(public)}\n"
    signature = key.sign(body.encode())
    note = f"{body}\n{_DASH}{NAME} {_b64(key_hash(public) + signature)}\n"
    return Checkpoint(origin, size, root, when, head, public, note)


_SIZE = re.compile(r"(0|[1-9][0-9]{0,18})")
_TIME = re.compile(r"time (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")
_HEAD = re.compile(r"head ([0-9a-f]{64})")
_KEY = re.compile(r"key ed25519 ([A-Za-z0-9+/]{43}=)")


def _decode64(value: str, length: int, what: str) -> bytes:
    try:
        data = base64.b64decode(value, validate=True)
    except binascii.Error:
        data = b""
    if len(data) != length or _b64(data) != value:
        raise CheckpointError(f"malformed checkpoint: {what} is not {length} bytes in base64")
    return data


def parse_checkpoint(data: bytes | str, pinned: bytes | None = None) -> Checkpoint:
    """The checkpoint in `data`, once its form and its signature hold: by the key it names,
    and with `pinned`, that key must be the pinned one. CheckpointError says why not."""
    raw = data.encode() if isinstance(data, str) else data
    if len(raw) > MAX_NOTE_BYTES:
        raise CheckpointError(f"malformed checkpoint: longer than {MAX_NOTE_BYTES} bytes")
    try:
        note = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CheckpointError("malformed checkpoint: not UTF-8 text") from None
    if "\r" in note or not note.endswith("\n") or "\n\n" not in note:
        raise CheckpointError(
            "malformed checkpoint: not a signed note (text, blank line, signatures)"
        )
    body, signatures = note.split("\n\n", 1)
    body += "\n"
    lines = body.splitlines()
    if len(lines) != 6:
        raise CheckpointError(f"malformed checkpoint: {len(lines)} text lines, expected 6")
    origin, size_line, root_line, time_line, head_line, key_line = lines
    if not origin.startswith(ORIGIN_PREFIX) or not re.fullmatch(
        r"[0-9a-f]{16}", origin[len(ORIGIN_PREFIX) :]
    ):
        raise CheckpointError(f"malformed checkpoint: origin {origin[:80]!r} is not a ledger's")
    if not _SIZE.fullmatch(size_line):
        raise CheckpointError(f"malformed checkpoint: tree size {size_line[:40]!r} is not a number")
    root = _decode64(root_line, 32, "the root hash")
    parts = [
        rx.fullmatch(line)
        for rx, line in ((_TIME, time_line), (_HEAD, head_line), (_KEY, key_line))
    ]
    if not all(parts):
        raise CheckpointError(
            "malformed checkpoint: expected 'time', 'head' and 'key ed25519' lines"
        )
    when, head, key64 = (m.group(1) for m in parts)
    public = _decode64(key64, 32, "the key")
    named = key_hash(public)
    found = None
    for line in signatures.splitlines():
        if not line.startswith(_DASH) or len(line.split(" ")) != 3:
            raise CheckpointError(f"malformed checkpoint: signature line {line[:60]!r}")
        name, blob64 = line[len(_DASH) :].split(" ")
        try:
            blob = base64.b64decode(blob64, validate=True)
        except binascii.Error:
            raise CheckpointError("malformed checkpoint: a signature is not base64") from None
        if len(blob) != 68:
            raise CheckpointError("malformed checkpoint: a signature is not 4 + 64 bytes")
        if name == NAME and blob[:4] == named:
            found = blob[4:]
    if pinned is not None and pinned != public:
        raise CheckpointError(
            f"checkpoint signed by {key_id(public)}, not by the pinned key {key_id(pinned)}"
        )
    if found is None:
        raise CheckpointError(f"bad signature: no signature by the key it names ({key_id(public)})")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(found, body.encode())
    except InvalidSignature:
        raise CheckpointError(
            f"bad signature: the checkpoint was changed after {key_id(public)} signed it, "
            "or not signed by it"
        ) from None
    return Checkpoint(origin, int(size_line), root, when, head, public, note)


def read_checkpoint(path: str | Path, pinned: bytes | None = None) -> Checkpoint:
    """`parse_checkpoint` of a file; the error names the file."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_NOTE_BYTES + 1)
    except OSError as err:
        raise InputError(f"{path}: cannot read the checkpoint ({err.strerror})") from None
    try:
        return parse_checkpoint(data, pinned)
    except CheckpointError as err:
        raise CheckpointError(f"{path}: {err}") from None
