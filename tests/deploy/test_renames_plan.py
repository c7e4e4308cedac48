"""Where a gone page went: the successor rules, redirects that follow pages, and lost ones."""

from __future__ import annotations

from sitegen.deploy.pages import PageRecord, SitePages
from sitegen.deploy.renames import redirect_gone_pages
from sitegen.sitefiles.hosting import with_moved_pages


def site(*pages: PageRecord, aliases: frozenset[str] = frozenset()) -> SitePages:
    return SitePages("/", {page.url.lstrip("/") + "index.html": page for page in pages}, aliases)


HOME = PageRecord("/", "index.md", "t-home")
NEWS = PageRecord("/news/", "news.md", "t-news")


def test_a_page_under_a_new_name_with_the_same_text_is_its_successor() -> None:
    moved = PageRecord("/info/news/", "info/news.md", "t-news")
    found = redirect_gone_pages([HOME, NEWS], {}, site(HOME, moved), delete=True)
    assert found.redirects == found.added == {"/news/": "/info/news/"}
    assert found.lost == []


def test_the_same_source_file_at_a_new_address_is_its_successor_whatever_its_text() -> None:
    moved = PageRecord("/news-2026/", "news.md", "t-rewritten")
    found = redirect_gone_pages([NEWS], {}, site(moved), delete=True)
    assert found.redirects == {"/news/": "/news-2026/"}


def test_two_new_pages_with_the_same_text_are_no_guess() -> None:
    twins = [PageRecord(f"/{n}/", f"{n}.md", "t-news") for n in ("a", "b")]
    assert redirect_gone_pages([NEWS], {}, site(*twins), delete=True).lost == ["/news/"]
    # Without --delete the page stays on the server: nothing is lost yet.
    assert redirect_gone_pages([NEWS], {}, site(*twins), delete=False).lost == []


def test_a_page_already_there_is_not_a_successor() -> None:
    """Two pages that said the same ("準備中です。"): deleting one does not redirect it."""
    other = PageRecord("/other/", "other.md", "t-news")
    assert redirect_gone_pages([NEWS, other], {}, site(other), delete=True).lost == ["/news/"]


def test_kept_redirects_follow_their_page_and_yield_to_pages_and_aliases() -> None:
    notice = PageRecord("/notice/", "notice.md", "t-news")
    moved = PageRecord("/info/news/", "info/news.md", "t-news")
    kept = {"/news/": "/info/news/", "/old/": "/info/news/"}
    found = redirect_gone_pages([moved], kept, site(notice), delete=True)
    assert found.redirects == {n: "/notice/" for n in ("/info/news/", "/news/", "/old/")}
    rewritten = PageRecord("/news/", "news.md", "t-new-text")
    again = site(notice, rewritten, aliases=frozenset({"/old/"}))
    assert redirect_gone_pages([moved], kept, again, delete=True).redirects == {
        "/info/news/": "/notice/"
    }


def test_a_redirect_to_a_page_deleted_for_good_is_lost_with_delete() -> None:
    kept = {"/older/": "/news/"}
    found = redirect_gone_pages([NEWS], kept, site(HOME), delete=True)
    assert found.redirects == {} and found.lost == ["/news/", "/older/"]
    # Without --delete the page stays on the server, and so does the way to it.
    assert redirect_gone_pages([NEWS], kept, site(HOME), delete=False).redirects == kept


def test_the_moved_pages_block_replaces_itself() -> None:
    build = (
        b'# the build\'s\n<IfModule mod_alias.c>\n  RedirectMatch 301 "^/a$" "/b/"\n</IfModule>\n'
    )
    once = with_moved_pages(build, [("/news/", "/info/news/")], netlify=False)
    assert once.startswith(build) and b'"^/news(/|/index\\.html)?$" "/info/news/"' in once
    twice = with_moved_pages(once, [("/x/", "/y/")], netlify=False)
    assert b"/info/news/" not in twice and twice.count(b"Pages renamed") == 1
    assert with_moved_pages(twice, [], netlify=False) == build
    netlify = with_moved_pages(b"", [("/news/", "/info/news/")], netlify=True)
    assert netlify.splitlines()[-1] == b"/news/ /info/news/ 301"
    assert with_moved_pages(netlify, [], netlify=True) == b""
