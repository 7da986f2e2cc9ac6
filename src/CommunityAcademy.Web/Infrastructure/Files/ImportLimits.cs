namespace CommunityAcademy.Web.Infrastructure.Files;

/// <summary>
/// How big a sheet any import accepts (configuration section "Imports"). A sheet is measured before it is read
/// (<see cref="SheetGuard"/>): its declared dimension, then a streaming count that stops at the first limit passed.
/// Cells are the rows × columns of the used range, since that is what the reader materialises (an empty cell
/// between two used ones costs as much as a full one). The defaults pass a 100,000-row receipt and a
/// 5,000-community unit tree with room to spare.
/// </summary>
public sealed class ImportLimits
{
    public const string Section = "Imports";

    public int MaxRows { get; set; } = 200_000;
    public int MaxColumns { get; set; } = 64;
    public long MaxCells { get; set; } = 2_000_000;
    /// <summary>Every part of an .xlsx unzipped, together: a zip bomb stops here.</summary>
    public long MaxUnzippedBytes { get; set; } = 256L * 1024 * 1024;

    public static ImportLimits Default { get; } = new();
}
