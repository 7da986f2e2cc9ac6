using CommunityAcademy.Web.Infrastructure.Web;

namespace CommunityAcademy.Web.Features.Certificates;

/// <summary>Certificates to PDF for a request: the verification links built by <see cref="PublicLinks"/> (null: no link may be built).</summary>
public sealed class CertificateFiles(CertificateStore store, PublicLinks links)
{
    public static string VerifyPath(string code) => "/Verify/" + code;

    public async Task<byte[]?> PdfAsync(HttpRequest request, IReadOnlyList<CertificateRow> certificates, string title)
    {
        var pages = new List<CertificatePdf.Page>(certificates.Count);
        foreach (var c in certificates)
        {
            if (links.Link(request, VerifyPath(c.Code)) is not { } link) return null;
            pages.Add(new CertificatePdf.Page(c, link));
        }
        return CertificatePdf.Render(pages, await store.SealsAsync(certificates), title);
    }

    public static string FileName(CertificateRow c) => $"结业证书-{c.Name}-{c.SerialNo:0000}.pdf";
}
