"""All public-site caching: the content generations, fragments, the page cache, invalidation.

Every cached page and page part is stored under numbers kept in the shared
cache, *generations*, that writes move forward (generation.py):

- the global generation, in every key: a change nobody named (a section, a tag,
  a photo, an author, an award, a bulk write, a scheduled article going live)
  drops everything, as it always did;
- the lists' generation: every change of an article or of one of its parts
  moves it, and every page or part that does not name what it shows is kept
  under it (home, sections, tags, authors, search, feeds, sitemaps, ...);
- scope generations ("articles.article:12", "articles.tag:5", ...): a part that
  names the scopes it shows while it is built (the article page) is dropped
  only when one of them changes, so a publish leaves the rest of the archive
  in the cache.

A missed dependency errs on the side of dropping more: whatever names nothing
depends on every list. See docs/developers.md, "Caching".

- generation.py: the generations, read once per request; scheduled publications.
- fragments.py: `fragment()`, `scoped_fragment()`, `depend_on()`: parts of pages.
- middleware.py: the page cache for anonymous GETs, first in MIDDLEWARE.
- paginator.py: a paginator that counts a list once per generation.
- receivers.py: what each write bumps (saves, deletes, m2m changes and the
  `content_changed` signal of signals.py), wired in apps.py.
- redis_cache.py: Django's Redis backend reusing one client per pool.

This app imports no other app of the project: what it needs to know of content
models it reads from settings (PAGE_CACHE_CONTENT_APPS, PAGE_CACHE_NEXT_CHANGES)
and from the models themselves (`never_public`, `page_cache_scopes()`).
"""
