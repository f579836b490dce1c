import Foundation
import M365TestSupport

/// Two pictures compared pixel by pixel with ImageMagick's `compare`
/// (Debian's imagemagick, which scripts/test installs), rather than a PNG
/// decoder of our own.
enum ImageComparison {
    /// How many pixels differ by more than `fuzzPercent` of the colour range
    /// (ImageMagick's AE metric); pictures of different sizes differ in every
    /// pixel of the larger one.
    static func differingPixels(_ first: URL, _ second: URL, fuzzPercent: Int) throws -> Int {
        let sizes = try [first, second].map { url in
            guard let size = PNGSize(try Data(contentsOf: url)) else {
                throw ToolFailed(tool: "compare", output: "\(url.path) is not a PNG")
            }
            return size
        }
        if sizes[0].width != sizes[1].width || sizes[0].height != sizes[1].height {
            return sizes.map { $0.width * $0.height }.max() ?? 0
        }
        // compare writes the metric to standard error and exits 0 (same), 1 (different) or 2 (trouble).
        let result = try ExternalTool.run(
            "compare", ["-metric", "AE", "-fuzz", "\(fuzzPercent)%", first.path, second.path, "null:"])
        let text = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status != 2, let count = Double(text.split(separator: " ").first ?? "") else {
            throw ToolFailed(tool: "compare", output: text)
        }
        return Int(count)
    }
}
