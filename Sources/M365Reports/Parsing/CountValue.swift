/// The strict reading of a count cell: digits with an optional fraction and
/// exponent. `Double("nan")`, `inf`, hex and signs are not counts.
enum CountValue {
    static func parse(_ text: String) -> Double? {
        var sawDigit = false
        var sawDot = false
        var sawExponent = false
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
            case UInt8(ascii: "."):
                guard !sawDot, !sawExponent else { return nil }
                sawDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard sawDigit, !sawExponent else { return nil }
                sawExponent = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return nil }
            default:
                return nil
            }
            previous = byte
        }
        guard sawDigit, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
