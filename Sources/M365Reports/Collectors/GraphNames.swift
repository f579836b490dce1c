/// Graph's enumeration values (`serviceOperational`, `LockedOut`) as label
/// values in the exporter's lower snake case (`service_operational`,
/// `locked_out`).
public enum GraphNames {
    public static func snakeCase(_ value: String) -> String {
        var out = ""
        var previousWasLower = false
        for character in value {
            if character.isUppercase {
                if previousWasLower { out.append("_") }
                out.append(contentsOf: character.lowercased())
                previousWasLower = false
            } else if character == " " || character == "-" {
                if !out.hasSuffix("_") { out.append("_") }
                previousWasLower = false
            } else {
                out.append(character)
                previousWasLower = character.isLowercase || character.isNumber
            }
        }
        return out
    }
}
