using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.Extensions.Options;

namespace CommunityAcademy.Web.Infrastructure.Files;

/// <summary>
/// The one way an uploaded sheet becomes rows in the application: <see cref="SpreadsheetReader"/> with the configured
/// <see cref="ImportLimits"/>, and a refused file as one error without row or column, in the user's language.
/// </summary>
public sealed class SheetUpload(IOptions<ImportLimits> options, Texts texts)
{
    public ImportLimits Limits => options.Value;

    public (List<SheetRow> Rows, CellError? Error) Read(Stream file, string fileName)
    {
        try { return (SpreadsheetReader.Read(file, fileName, Limits).ToList(), null); }
        catch (SpreadsheetException e) { return ([], new CellError(0, null, Message(e))); }
    }

    public string Message(SpreadsheetException e) => e.Rule is { } rule ? texts.Error(rule) : e.Message;
}

/// <summary>A refused file lists its first <see cref="MaxListed"/> errors and says how many there are in all.</summary>
public static class ImportErrors
{
    public const int MaxListed = 1000;

    public static IReadOnlyList<CellError> Listed(IReadOnlyList<CellError> all) => all.Count <= MaxListed ? all : all.Take(MaxListed).ToList();
}
