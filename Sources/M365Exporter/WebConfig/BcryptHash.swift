/// A bcrypt hash as `htpasswd -B` and other tools write it.
enum BcryptHash {
    /// The hash in a form HummingbirdBcrypt verifies, or `nil` if it is not a
    /// bcrypt hash. `$2y$` (PHP's and htpasswd's name) is the same algorithm
    /// and format as `$2b$`, which HummingbirdBcrypt accepts.
    static func normalize(_ hash: String) -> String? {
        let bytes = Array(hash.utf8)
        // $2x$NN$ + 22 characters of salt + 31 of hash.
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
              [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]),
              bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$"),
              let cost = Int(String(decoding: bytes[4..<6], as: UTF8.self)), (4...31).contains(cost),
              bytes[7...].allSatisfy(isBcryptBase64)
        else { return nil }
        if bytes[2] == UInt8(ascii: "y") { return "$2b$" + String(decoding: bytes[4...], as: UTF8.self) }
        return hash
    }

    /// The cost (log2 of the rounds) of a normalized hash.
    static func cost(_ hash: String) -> Int? {
        let bytes = Array(hash.utf8)
        guard bytes.count == 60 else { return nil }
        return Int(String(decoding: bytes[4..<6], as: UTF8.self))
    }

    /// The costs a hash may have: below 4 bcrypt refuses; above 14 one
    /// check takes over a second of CPU, which anyone without the password
    /// can make the exporter spend.
    static let costs = 4...14

    private static func isBcryptBase64(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "/"):
            true
        default:
            false
        }
    }
}
