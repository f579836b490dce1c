import M365Reports
import Testing

@Suite struct ExpositionRendererTests {
    let gauge = MetricDescriptor(name: "b_gauge", help: "Help with \\ and\nnewline and \"quotes\".")
    let counter = MetricDescriptor(name: "a_requests_total", help: "Requests.", type: .counter)

    private func render(_ format: ExpositionFormat) -> String {
        let families = [
            MetricFamily(descriptor: gauge, samples: [
                Sample(metric: "b_gauge", labels: [Label("tenant", "z")], value: 2),
                Sample(metric: "b_gauge", labels: [Label("tenant", "a\"b\\c\nd")], value: 1.5),
            ]),
            MetricFamily(descriptor: counter, samples: [
                Sample(metric: "a_requests_total", labels: [Label("code", "429")], value: 3),
                Sample(metric: "a_requests_total", labels: [Label("code", "200")], value: 12),
            ]),
            MetricFamily(descriptor: MetricDescriptor(name: "c_empty", help: "No samples."), samples: []),
        ]
        return String(decoding: ExpositionRenderer.render(families, format: format), as: UTF8.self)
    }

    @Test func rendersTheTextFormatSortedAndEscaped() {
        #expect(render(.prometheusText) == #"""
            # HELP a_requests_total Requests.
            # TYPE a_requests_total counter
            a_requests_total{code="200"} 12
            a_requests_total{code="429"} 3
            # HELP b_gauge Help with \\ and\nnewline and "quotes".
            # TYPE b_gauge gauge
            b_gauge{tenant="a\"b\\c\nd"} 1.5
            b_gauge{tenant="z"} 2

            """#)
    }

    @Test func rendersOpenMetricsWithCounterFamilyNamesAndEOF() {
        #expect(render(.openMetrics) == #"""
            # HELP a_requests Requests.
            # TYPE a_requests counter
            a_requests_total{code="200"} 12
            a_requests_total{code="429"} 3
            # HELP b_gauge Help with \\ and\nnewline and \"quotes\".
            # TYPE b_gauge gauge
            b_gauge{tenant="a\"b\\c\nd"} 1.5
            b_gauge{tenant="z"} 2
            # EOF

            """#)
    }

    @Test(arguments: [
        (0.0, "0"), (45.0, "45"), (-3.0, "-3"), (0.25, "0.25"), (1e20, "1e+20"),
        (Double.nan, "NaN"), (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (1795132800.0, "1795132800"),
    ])
    func formatsValues(_ value: Double, _ text: String) {
        #expect(ExpositionRenderer.formatValue(value) == text)
    }

    @Test(arguments: [
        (nil, ExpositionFormat.prometheusText),
        ("text/plain", .prometheusText),
        ("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", .openMetrics),
        ("application/openmetrics-text; q=0, text/plain", .prometheusText),
        ("*/*", .prometheusText),
    ])
    func negotiatesTheFormatFromAccept(_ accept: String?, _ format: ExpositionFormat) {
        #expect(ExpositionFormat.negotiate(accept: accept) == format)
    }

    @Test func writesTimestampsInSecondsForOpenMetricsAndMillisecondsForText() {
        let family = MetricFamily(descriptor: gauge, samples: [
            Sample(metric: "b_gauge", labels: [], value: 2, timestamp: 1_795_132_800),
            Sample(metric: "b_gauge", labels: [], value: 1, timestamp: 1_795_046_400),
        ])
        let openMetrics = String(decoding: ExpositionRenderer.render([family], format: .openMetrics), as: UTF8.self)
        #expect(openMetrics.hasSuffix("b_gauge 1 1795046400\nb_gauge 2 1795132800\n# EOF\n"))
        let text = String(decoding: ExpositionRenderer.render([family], format: .prometheusText), as: UTF8.self)
        #expect(text.hasSuffix("b_gauge 1 1795046400000\nb_gauge 2 1795132800000\n"))
    }
}
