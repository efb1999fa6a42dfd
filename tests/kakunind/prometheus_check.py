#!/usr/bin/python3
"""Parses a Prometheus text exposition (file in argv[1]) with the Prometheus project's own Python
client parser and prints every sample as JSON: {"name{label=\"v\",...}": value}. Exit 1 with the
parser's message on stderr if the text does not parse."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

try:
    text = open(sys.argv[1], encoding="utf-8").read()
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join('%s="%s"' % (k, v) for k, v in sorted(sample.labels.items()))
            out[sample.name + ("{" + labels + "}" if labels else "")] = sample.value
    print(json.dumps(out))
except Exception as e:  # noqa: BLE001 - any parser failure is the answer.
    print("does not parse: %s" % e, file=sys.stderr)
    sys.exit(1)
