"""All public-site caching: the content generation, fragments, the page cache, invalidation.

One rule keeps it correct: every cached page and page part is stored under the
current *content generation*, a number kept in the shared cache. Any change to
content that a public page can show (an article, its photos, tags, byline, a
section, an author, an award) bumps the generation, so every page that could
show it is invalidated at once: home, its section, its tags, its authors, feeds,
search. A newsroom publishes and corrects a few times an hour and is read
thousands of times a minute, so dropping all pages on each change costs little
and can never leave a stale page behind.

- generation.py: the generation, read once per request; scheduled publications.
- fragments.py: `fragment()`, parts of pages kept under the generation.
- middleware.py: the page cache for anonymous GETs.
- paginator.py: a paginator that counts a list once per generation.
- receivers.py: what bumps the generation (saves, deletes, m2m changes and the
  `content_changed` signal of signals.py), wired in apps.py.
- redis_cache.py: Django's Redis backend reusing one client per pool.

This app imports no other app of the project: what it needs to know of content
models it reads from settings (PAGE_CACHE_CONTENT_APPS, PAGE_CACHE_NEXT_CHANGES)
and from the models themselves (`never_public`).
"""
