"""`check --deploy`: the shared cache must evict, or the page cache could fill Redis.

Every page and page part is kept with a timeout, and keys are bounded (pagecache/urls.py,
no 404s), but a busy portal still fills any memory it is given: Redis must have a
`maxmemory` and an evicting `maxmemory-policy` (allkeys-lru or allkeys-lfu:
docs/operators.md, "Caching and Redis").
"""

from django.conf import settings
from django.core.cache import cache
from django.core.checks import Error, Tags, Warning, register

from .generation import CACHE_ERRORS

EVICTING_POLICIES = {"allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu",
                     "volatile-random", "volatile-ttl"}


def redis_memory_settings() -> dict | None:
    """Redis's maxmemory and maxmemory_policy, or None without Redis or when it does not answer."""
    client_of = getattr(getattr(cache, "_cache", None), "get_client", None)
    if not getattr(settings, "REDIS_URL", "") or client_of is None:
        return None
    try:
        info = client_of(write=True).info("memory")
    except CACHE_ERRORS:
        return None
    return {"maxmemory": int(info.get("maxmemory", 0)), "maxmemory_policy": info.get("maxmemory_policy", "")}


@register(Tags.caches, deploy=True)
def redis_evicts(app_configs, **kwargs):
    if not getattr(settings, "REDIS_URL", ""):
        return []
    memory = redis_memory_settings()
    if memory is None:
        return [Warning("Không kết nối được Redis (REDIS_URL) để kiểm tra maxmemory.", id="pagecache.W001")]
    problems = []
    if memory["maxmemory"] == 0:
        problems.append(Error("Redis chưa đặt maxmemory: bộ nhớ đệm trang có thể dùng hết RAM của máy chủ. "
                              "Đặt maxmemory (ví dụ 256mb) trong redis.conf.", id="pagecache.E001"))
    if memory["maxmemory_policy"] not in EVICTING_POLICIES:
        problems.append(Error(f"Redis dùng maxmemory-policy {memory['maxmemory_policy'] or '?'}: khi đầy sẽ báo lỗi "
                              "thay vì xóa trang cũ. Đặt maxmemory-policy allkeys-lru.", id="pagecache.E002"))
    return problems
