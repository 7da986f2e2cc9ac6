using System.Diagnostics;

namespace CommunityAcademy.Web.Tests.Features.Certificates;

/// <summary>The text of a PDF as a reader extracts it: poppler's pdftotext (apt: poppler-utils, installed by .ci/run).</summary>
public static class PdfText
{
    public static async Task<string> ExtractAsync(byte[] pdf)
    {
        var psi = new ProcessStartInfo("pdftotext", "-enc UTF-8 - -")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("pdftotext did not start (apt-get install poppler-utils)");
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.StandardInput.BaseStream.WriteAsync(pdf);
        p.StandardInput.Close();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"pdftotext: {await error}");
        return await output;
    }

    /// <summary>Pages in the PDF: its page objects (/Type /Page, not /Pages).</summary>
    public static int Pages(byte[] pdf) =>
        System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![a-z])").Count;
}
