"""Fetch the real GitBook spaces the GitBook benchmark reads, each pinned to one commit.

    python bench/fetch_gitbook.py [--dest DIR] [--mirror-root DIR] [--max-pages N]
                                  [--only restricted|permitted|all]

Only a space's Markdown, its `SUMMARY.md`, its `.gitbook.yaml` and its licence file are kept,
with a `COMMIT` file naming the commit they came from. Spaces whose licence lets us
redistribute them are also committed under `tests/fixtures/gitbook-real/` (trimmed with
`--max-pages`); the others are fetched by this script only, for the benchmark, never for tests.

A space comes from a local bare mirror (`<mirror-root>/<owner>+<name>/repo`) when one exists,
otherwise from GitHub's archive of that exact commit, so a run is repeatable either way.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tarfile
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

DEFAULT_DEST = Path(__file__).resolve().parent / "out" / "gitbook-fetched"
DEFAULT_MIRRORS = Path("/work/.mirror")


@dataclass(frozen=True)
class Space:
    """One public repository holding a GitBook space.

    Attributes:
        repo: owner/name on GitHub.
        commit: the pinned commit.
        licence: the licence as the repository states it ("none" when it states none).
        kind: student notes, product docs or software manual.
        permitted: True when the licence lets us commit the files as test fixtures.
    """

    repo: str
    commit: str
    licence: str
    kind: str
    permitted: bool

    @property
    def slug(self) -> str:
        return self.repo.replace("/", "+")


SPACES: tuple[Space, ...] = (
    Space(
        "0xn3va/cheat-sheets",
        "1fe06f1dad03f4bf9df8b251b2751b7cb205ef42",
        "Apache-2.0",
        "software manual",
        True,
    ),
    Space(
        "AxonIQ/reference-guide",
        "7146c9fb795b5ac59267c8ab269e464f06b9985f",
        "Apache-2.0",
        "software manual",
        True,
    ),
    Space(
        "BeefreeSDK/beefree-sdk-docs",
        "873fbe1012ee046beed32fb6ddd69dd9f34c2893",
        "Apache-2.0",
        "product docs",
        True,
    ),
    Space(
        "BrighterCommand/Docs",
        "d0aa83923906db188b3e5b9760c2ff5e343c0056",
        "MIT",
        "software manual",
        True,
    ),
    Space(
        "AudiTranscribe/AudiTranscribe-Documentation",
        "de59f64abbe0ebd0852703887048cb6b7dca9a68",
        "GPL-3.0",
        "software manual",
        False,
    ),
    Space(
        "Jarrettgohxz/penetration-testing-ethical-hacking-concepts-gitbook-notes",
        "713298acd1bc457088a0e1b693aba40ad1ebd104",
        "none",
        "student notes",
        False,
    ),
    Space(
        "Jarrettgohxz/networking-concepts-gitbook-notes",
        "0501799663d915b18df36744ffe9001b7c876d7b",
        "none",
        "student notes",
        False,
    ),
    Space(
        "salihkilicli/gitbook-notes",
        "b4b91c04a2dbb1ed47d86c072b64a3df58c66364",
        "none",
        "student notes",
        False,
    ),
    Space(
        "danfitz/onlineCourses",
        "706a66003394b2fc22af1f2477bfb672e770bc6e",
        "none",
        "student notes",
        False,
    ),
    Space(
        "GitbookIO/public-docs",
        "3d5c46e53c6fdb6d9175103dd32223c8b3f0a3bb",
        "none",
        "product docs (five spaces, one SUMMARY.md each)",
        False,
    ),
    Space(
        "unicsmcr/coding-classes",
        "0ee6646d4376a848522e610575dabcee28b0b598",
        "none",
        "student notes",
        False,
    ),
)

_LICENCE = re.compile(r"(?i)^(licen[cs]e|copying)(\.[a-z]+)?$")
_LINK = re.compile(r"\]\(<?([^)>\s]+\.md)(?:[#?][^)>\s]*)?>?(?:\s+\"[^\"]*\")?\)", re.IGNORECASE)


def _kept(path: str) -> bool:
    """Whether a repository path is one we copy: Markdown, GitBook config or the licence."""
    name = PurePosixPath(path).name
    if "/node_modules/" in f"/{path}" or name.startswith("._"):
        return False
    return (
        name.lower().endswith(".md")
        or name == ".gitbook.yaml"
        or bool(_LICENCE.match(name) and "/" not in path)
    )


def _files_from_mirror(git_dir: Path, commit: str) -> dict[str, bytes]:
    listing = subprocess.run(
        ["git", "-C", str(git_dir), "ls-tree", "-r", "-z", "--name-only", commit],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8", "surrogateescape")
    files: dict[str, bytes] = {}
    for path in filter(None, listing.split("\0")):
        if _kept(path):
            files[path] = subprocess.run(
                ["git", "-C", str(git_dir), "show", f"{commit}:{path}"],
                check=True,
                capture_output=True,
            ).stdout
    return files


def _files_from_github(space: Space) -> dict[str, bytes]:
    url = f"https://codeload.github.com/{space.repo}/tar.gz/{space.commit}"
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            path = member.name.split("/", 1)[1] if "/" in member.name else ""
            if member.isfile() and path and _kept(path):
                extracted = archive.extractfile(member)
                if extracted is not None:
                    files[path] = extracted.read()
    return files


def _trim(files: dict[str, bytes], max_pages: int) -> tuple[dict[str, bytes], int]:
    """Keep the first `max_pages` pages each SUMMARY.md links, and cut the summary there.

    Returns the kept files and how many pages were dropped.
    """
    summaries = [p for p in files if PurePosixPath(p).name.lower() == "summary.md"]
    keep: set[str] = {p for p in files if not p.lower().endswith(".md")}
    for summary in summaries:
        base = PurePosixPath(summary).parent
        lines = files[summary].decode("utf-8", "replace").splitlines(keepends=True)
        kept_lines: list[str] = []
        count = 0
        for line in lines:
            targets = [str(base / urllib.parse.unquote(t).lstrip("/")) for t in _LINK.findall(line)]
            if targets and count >= max_pages:
                continue
            kept_lines.append(line)
            for target in targets:
                normal = str(PurePosixPath(target))
                if normal in files:
                    keep.add(normal)
                    count += 1
        files[summary] = "".join(kept_lines).encode()
        keep.add(summary)
        readme = str(base / "README.md") if str(base) != "." else "README.md"
        if readme in files:
            keep.add(readme)
    if not summaries:
        return files, 0
    dropped = sum(1 for p in files if p.lower().endswith(".md") and p not in keep)
    return {p: b for p, b in files.items() if p in keep}, dropped


def fetch(space: Space, dest: Path, *, mirror_root: Path, max_pages: int | None) -> str:
    """Write one space under `dest/<owner>+<name>/` and return a one-line account of it."""
    mirror = mirror_root / space.slug / "repo"
    if (mirror / ".git").is_dir():
        mirror = mirror / ".git"
    files = (
        _files_from_mirror(mirror, space.commit) if mirror.is_dir() else _files_from_github(space)
    )
    dropped = 0
    if max_pages is not None:
        files, dropped = _trim(files, max_pages)
    target = dest / space.slug
    if target.exists():
        shutil.rmtree(target)
    for path, data in files.items():
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    (target / "COMMIT").write_text(space.commit + "\n")
    pages = sum(1 for p in files if p.lower().endswith(".md"))
    note = f", {dropped} pages trimmed" if dropped else ""
    return f"{space.repo} @ {space.commit[:10]}: {pages} Markdown files{note} ({space.licence})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    parser.add_argument("--mirror-root", type=Path, default=DEFAULT_MIRRORS)
    parser.add_argument("--max-pages", type=int, default=None)
    parser.add_argument("--only", choices=("restricted", "permitted", "all"), default="all")
    args = parser.parse_args(argv)
    for space in SPACES:
        if args.only == "restricted" and space.permitted:
            continue
        if args.only == "permitted" and not space.permitted:
            continue
        try:
            print(fetch(space, args.dest, mirror_root=args.mirror_root, max_pages=args.max_pages))
        except (OSError, subprocess.CalledProcessError, tarfile.TarError) as exc:
            print(f"{space.repo}: could not fetch ({exc})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
