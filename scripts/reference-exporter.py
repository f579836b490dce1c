#!/usr/bin/env python3
"""A reference exporter written with Python's prometheus_client, holding the
same series as an exposition file, for the load comparison in
scripts/load-test: the way most exporters are written, measured side by side
with m365-exporter and a static file served by nginx.

Usage: reference-exporter.py EXPOSITION_FILE PORT
"""
import os
import re
import sys
import time

# Counters without the extra `_created` series, so the series are the same.
os.environ.setdefault('PROMETHEUS_DISABLE_CREATED_SERIES', 'True')

from prometheus_client import REGISTRY, Counter, Gauge, start_http_server
from prometheus_client import GC_COLLECTOR, PLATFORM_COLLECTOR, PROCESS_COLLECTOR

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def main() -> None:
    path, port = sys.argv[1], int(sys.argv[2])
    # Only the exposition's own series, as m365-exporter serves them.
    for collector in (GC_COLLECTOR, PLATFORM_COLLECTOR, PROCESS_COLLECTOR):
        REGISTRY.unregister(collector)
    helps, types, metrics = {}, {}, {}
    series = 0
    with open(path, encoding='utf-8') as exposition:
        for line in exposition:
            line = line.rstrip('\n')
            if line.startswith('# HELP '):
                name, _, text = line[7:].partition(' ')
                helps[name] = text
                continue
            if line.startswith('# TYPE '):
                name, _, kind = line[7:].partition(' ')
                types[name] = kind
                continue
            if not line or line.startswith('#'):
                continue
            match = SAMPLE.match(line)
            if not match:
                raise SystemExit(f'{path}: cannot read the line {line!r}')
            name, labels_text, value = match.groups()
            labels = dict(LABEL.findall(labels_text or ''))
            family = name[:-len('_total')] if types.get(name) is None and name.endswith('_total') else name
            metric = metrics.get(name)
            if metric is None:
                if types.get(family) == 'counter' or types.get(name) == 'counter':
                    metric = Counter(family, helps.get(family) or helps.get(name, ''), list(labels))
                else:
                    metric = Gauge(name, helps.get(name, ''), list(labels))
                metrics[name] = metric
            child = metric.labels(**labels) if labels else metric
            if isinstance(metric, Counter):
                child.inc(float(value))
            else:
                child.set(float(value))
            series += 1
    start_http_server(port, addr='127.0.0.1')
    print(f'reference exporter: {series} series on 127.0.0.1:{port}', flush=True)
    while True:
        time.sleep(3600)


if __name__ == '__main__':
    main()
