"""Django's JSON serialization format, keeping datetimes to the microsecond.

Django's own JSON encoder cuts datetimes to milliseconds (ECMA-262 style); a
backup must give back exactly what was stored. Files written with this format
are plain Django JSON fixtures: `loaddata` reads them as "json".
"""

import datetime

from django.core.serializers import json as django_json


class ExactJSONEncoder(django_json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.tzinfo is None:
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()


Deserializer = django_json.Deserializer
