using CommunityAcademy.Domain.Certificates;
using CommunityAcademy.Web.Features.Me;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Certificates;

/// <summary>
/// 我的结业证书 on the phone (#22 point 5): /Me/Certificate/{class}. The trainee's certificate in force — its serial and
/// a download of the PDF — or, without one, whether they are eligible and why not, in words.
/// </summary>
public sealed class MineModel(MyTraining training, CertificateStore store, CertificateFiles files) : MyPage(training)
{
    public CertificateRow? Certificate { get; private set; }
    /// <summary>Every certificate the trainee has in force in the class: the 结业证书 and the 优秀学员证书.</summary>
    public IReadOnlyList<CertificateRow> Certificates { get; private set; } = [];
    public CertificateJudgement? Judgement { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? id)
    {
        if (await FindAsync(id) is { } answer) return answer;
        Certificates = await store.AllMineAsync(Mine.Cohort.Id, Mine.EnrollmentId);
        Certificate = Certificates.FirstOrDefault(x => x.Kind == CertificateKinds.Completion);
        if (Certificate is null)
            Judgement = (await store.JudgeAsync(Mine.Cohort.Id)).Lines.FirstOrDefault(l => l.Judgement.Candidate.EnrollmentId == Mine.EnrollmentId)?.Judgement;
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(long? id, string? kind)
    {
        if (id is null) return NotFound();
        if (await FindAsync(id) is { } answer) return answer;
        if (await store.MineAsync(Mine.Cohort.Id, Mine.EnrollmentId, CertificateKinds.Parse(kind)) is not { } cert) return NotFound();
        var pdf = await files.PdfAsync(Request, [cert], cert.Serial);
        if (pdf is null) return StatusCode(StatusCodes.Status409Conflict);
        return File(pdf, CertificatePdf.ContentType, CertificateFiles.FileName(cert));
    }
}
