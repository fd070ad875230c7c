"""GitHub's page-number pagination: per_page and page in, one page and its Link header out."""

from urllib.parse import urlencode

DEFAULT_PER_PAGE, MAX_PER_PAGE = 30, 100


def number(query, name, default, highest=None):
    """A positive integer query parameter; GitHub falls back to the default for anything else."""
    try:
        value = int(query.get(name, ""))
    except ValueError:
        return default
    if value < 1:
        return default
    return min(value, highest) if highest else value


def page_url(url, query, page):
    """The same URL and query with page= set, as GitHub writes its links (page last)."""
    params = [(name, value) for name, value in query.items() if name != "page"] + [("page", str(page))]
    return f"{url}?{urlencode(params)}"


def link_header(url, query, page, last):
    """rel="prev", "next", "last", "first" in GitHub's order; None when one page holds it all."""
    links = []
    if page > 1:
        links.append((min(page - 1, last), "prev"))
    if page < last:
        links += [(page + 1, "next"), (last, "last")]
    if page > 1:
        links.append((1, "first"))
    return ", ".join(f'<{page_url(url, query, target)}>; rel="{rel}"' for target, rel in links) or None


def paginate(items, url, query):
    """(the items of the page the query asks for, the Link header or None)."""
    per_page = number(query, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    page = number(query, "page", 1)
    last = max(1, -(-len(items) // per_page))
    return items[(page - 1) * per_page:page * per_page], link_header(url, query, page, last)
