/// Readable product names of licence SKUs (`ENTERPRISEPACK` is "Office 365
/// E3"), from Microsoft's published table "Product names and service plan
/// identifiers for licensing", shipped as data in ``table`` (written by
/// `scripts/update-product-names`, which names its source). A part number
/// the table does not know keeps its own name, so a new product is never
/// dropped, only less readable until the table is refreshed.
public enum ProductNames {
    private static let byPartNumber: [String: String] = {
        var names: [String: String] = [:]
        for line in table.split(separator: "\n") {
            guard let comma = line.firstIndex(of: ",") else { continue }
            let sku = String(line[..<comma])
            let name = String(line[line.index(after: comma)...])
            if !sku.isEmpty, !name.isEmpty, names[sku] == nil { names[sku] = name }
        }
        return names
    }()

    /// The product name of a SKU part number; the part number itself when
    /// the table does not know it.
    public static func name(ofSKU partNumber: String, id: String = "") -> String {
        byPartNumber[partNumber] ?? partNumber
    }

    /// How many products the table names.
    public static var count: Int { byPartNumber.count }
}
