import Foundation
import M365Graph
import PropertyBased
import Testing

/// `Retry-After` in both of its forms, and Graph's JSON error body, over
/// generated input: exact for every valid value, never a crash or a
/// negative wait for anything else.
@Suite struct RetryAfterTests {
    @Test func secondsAreTakenAsTheyAre() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000)) { seconds in
            #expect(RetryAfter.seconds("\(seconds)", now: 1_800_000_000) == Double(seconds))
            #expect(RetryAfter.seconds(" \(seconds) ", now: 0) == Double(seconds))
        }
    }

    @Test func anHTTPDateGivesTheSecondsUntilIt() async {
        // 1970 to 2100, and how far ahead of now the date lies.
        await propertyCheck(count: 500, input: Gen.int(in: 0...4_102_444_799), Gen.int(in: 0...100_000)) { time, ahead in
            let date = RetryAfter.httpDate(unixTime: Double(time))
            #expect(RetryAfter.unixTime(ofHTTPDate: date) == Double(time))
            #expect(RetryAfter.seconds(date, now: Double(time - ahead)) == Double(ahead))
            // A date in the past means: now.
            #expect(RetryAfter.seconds(date, now: Double(time + ahead)) == 0)
        }
    }

    @Test func theHTTPDateIsTheOneFoundationWrites() async {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        await propertyCheck(count: 500, input: Gen.int(in: 0...4_102_444_799)) { time in
            #expect(RetryAfter.httpDate(unixTime: Double(time)) == formatter.string(from: Date(timeIntervalSince1970: Double(time))))
        }
        #expect(RetryAfter.unixTime(ofHTTPDate: "Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
    }

    @Test func anythingElseIsNoWaitAtAll() async {
        let text = Gen.element(of: Array("0123456789 ,:-+.GMTSunNov\te")).compactMap { $0 }.string(of: 0...40)
        await propertyCheck(count: 2000, input: text) { value in
            if let seconds = RetryAfter.seconds(value, now: 1_800_000_000) {
                #expect(seconds >= 0 && seconds.isFinite)
            }
        }
        for bad in ["", "-5", "1.5", "soon", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 31 Feb 2026 08:49:37 GMT",
                    "Sunday, 06-Nov-94 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT"] {
            #expect(RetryAfter.seconds(bad, now: 0) == nil, "\(bad)")
        }
    }

    @Test func graphErrorBodiesGiveCodeAndMessageAndNothingElseCrashes() async {
        #expect(GraphErrorBody.message(in: Array(#"{"error":{"code":"BadRequest","message":"Invalid period."}}"#.utf8))
            == "BadRequest: Invalid period.")
        #expect(GraphErrorBody.message(in: Array("<html>502 Bad Gateway</html>".utf8)) == nil)
        let long = String(repeating: "x", count: 1000)
        #expect(GraphErrorBody.message(in: Array(#"{"error":{"code":"C","message":"\#(long)"}}"#.utf8))?.count == 201)
        let bytes = Gen.element(of: Array(#"{}[]":,error code message 0\"#.utf8) + [0xFF, 0xC3]).compactMap { $0 }.array(of: 0...80)
        await propertyCheck(count: 2000, input: bytes) { body in
            if let message = GraphErrorBody.message(in: body) { #expect(message.count <= 201) }
        }
    }
}
