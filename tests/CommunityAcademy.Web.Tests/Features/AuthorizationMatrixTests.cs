using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features;

/// <summary>
/// Every endpoint and page so far × every role. "ok" means the request got past authorization (any status
/// but 401/403 and no redirect to login or access-denied); mutating calls carry bodies that fail validation,
/// so the matrix changes no data.
/// </summary>
public abstract class AuthorizationMatrixTests(TestApp app)
{

    // Columns follow RoleMatrix.Users; A = allowed, F = forbidden (403), L = must sign in (401 / login redirect), N = 404 (hidden).
    public static TheoryData<string, string, string> Api => new()
    {
        { "GET", "/api/v1/me", "LAAAAAAAAA" },
        { "GET", "/api/v1/units", "LAAAAAAAAA" },
        { "GET", "/api/v1/units/{echeng}", "LAAAAAANNN" },
        { "GET", "/api/v1/units/{huarong}", "LAAAAANNAN" },
        { "POST", "/api/v1/units", "LAAFFFFFFF" },
        { "PUT", "/api/v1/units/{echeng}", "LAAFFFFFFF" },
        { "POST", "/api/v1/units/{echeng}/move", "LAAFFFFFFF" },
        { "POST", "/api/v1/units/{echeng}/up", "LAAFFFFFFF" },
        { "POST", "/api/v1/units/{echeng}/down", "LAAFFFFFFF" },
        { "POST", "/api/v1/units/import", "LAAFFFFFFF" },
        { "GET", "/api/v1/cohorts", "LAAAAAAAAA" },
        { "GET", "/api/v1/cohorts/1", "LAAAAAAAAA" },
        { "POST", "/api/v1/auth/token", "AAAAAAAAAA" },
        { "POST", "/api/v1/cohorts", "LAAFFFFFFF" },
        { "GET", "/api/v1/cohorts/1/quotas", "LAAAAAAAAA" },
        { "PUT", "/api/v1/cohorts/1/quotas", "LAAFFFFFFF" },
        { "POST", "/api/v1/cohorts/1/quotas/import", "LAAFFFFFFF" },
        { "GET", "/api/v1/cohorts/1/notice.docx", "LAAFFFFFFF" },
        { "GET", "/api/v1/cohorts/1/receipt-template.xlsx?unitId={echeng}", "LAAFFFANNN" },
        { "POST", "/api/v1/cohorts/1/receipts", "LAAFFFANNN" },
        { "POST", "/api/v1/cohorts/1/receipts/form", "LAAFFFANNN" },
        { "GET", "/api/v1/cohorts/1/receipts", "LAAAAAANAN" },
        { "GET", "/api/v1/cohorts/1/reconciliation", "LAAAAAANAN" },
        { "GET", "/api/v1/cohorts/1/reconciliation.xlsx", "LAAAAAANAN" },
        { "POST", "/api/v1/cohorts/999/lock", "LNNFFFFFFF" },
        { "POST", "/api/v1/cohorts/999/unlock", "LNNFFFFFFF" },
        { "GET", "/api/v1/cohorts/1/roster", "LAAAAAAAAA" },
        { "GET", "/api/v1/cohorts/1/roster.xlsx", "LAAAAAAAAA" },
        { "POST", "/api/v1/cohorts/1/roster/999999/substitute", "LNNFFFFFFF" },
        { "GET", "/api/v1/cohorts/1/substitutions", "LAAFFFFFFF" },
        { "GET", "/api/v1/cohorts/1/participants", "LAAAAAFFFF" },
        { "POST", "/api/v1/cohorts/1/participants", "LAAFFFFFFF" },
        { "DELETE", "/api/v1/cohorts/1/participants/999999", "LNNFFFFFFF" },
        { "POST", "/api/v1/sessions/1/checkins", "LAAAAAAAAA" },
        { "GET", "/api/v1/sessions/1/attendance", "LAAAAANANA" },
        { "POST", "/api/v1/sessions/1/attendance/marks", "LAAAFFFFFF" },
        { "GET", "/api/v1/sessions/1/attendance/audit", "LAAAFFFFFF" },
        { "GET", "/api/v1/sessions/1/qr", "LAAAFFFFFF" },
        { "GET", "/api/v1/cohorts/1/attendance", "LAAAAAFFFF" },
        { "GET", "/api/v1/cohorts/1/attendance/summary", "LAAAAAFFFF" },
        { "GET", "/api/v1/cohorts/1/attendance.xlsx", "LAAAAAFFFF" },
        { "GET", "/api/v1/cohorts/1/bulletin.docx", "LAAAAAFFFF" },
        { "GET", "/api/v1/cohorts/1/discipline", "LAAAAAFFFF" },
        { "GET", "/api/v1/cohorts/1/leave-requests", "LAAAAAAAAA" },
        { "POST", "/api/v1/cohorts/1/leave-requests", "LAAAAAAAAA" },
        { "POST", "/api/v1/leave-requests/999999/decision", "LAAAFFFFFF" },
        { "POST", "/api/v1/cohorts/1/leave-notes", "LAAAAAAAAA" },
        { "GET", "/api/v1/sessions/1/held", "LAAAFFFFFF" },
        { "GET", "/api/v1/cohorts/1/receipt-form.xlsx", "LAAAAAANAN" },
        { "POST", "/api/v1/cohorts/1/discipline/999999/escalation", "LAAFFFFFFF" },
        { "PUT", "/api/v1/cohorts/1/bulletin/title", "LAAFFFFFFF" },
        { "DELETE", "/api/v1/sessions/1/checkins/999999", "LNNNFFFFFF" },
        { "POST", "/api/v1/sessions/1/checkins/999999/undo", "LNNNFFFFFF" },
        { "POST", "/api/v1/sessions/1/held/999999/decision", "LAAAFFFFFF" },
        { "POST", "/api/v1/cohorts/1/roster/999999/phone", "LNNNFFFFFF" },
        { "POST", "/api/v1/auth/password", "LAAAAAAAAA" },
        { "GET", "/api/v1/cohorts/1/staff", "LAAAAAFFFF" },
        { "POST", "/api/v1/cohorts/1/staff", "LAAFFFFFFF" },
        { "DELETE", "/api/v1/cohorts/1/staff/999999", "LNNFFFFFFF" },
        { "PUT", "/api/v1/cohorts/1", "LAAFFFFFFF" },
        { "PATCH", "/api/v1/cohorts/1", "LAAFFFFFFF" },
        { "POST", "/api/v1/cohorts/1/copy", "LAAFFFFFFF" },
        { "POST", "/api/v1/cohorts/999/archive", "LNNFFFFFFF" },
        { "POST", "/api/v1/cohorts/999/unarchive", "LNNFFFFFFF" },
        { "GET", "/api/v1/cohorts/999/lock-check", "LNNFFFFFFF" },
        { "POST", "/api/v1/sessions/999/cancel", "LNNFFFFFFF" },
        { "POST", "/api/v1/sessions/999/restore", "LNNFFFFFFF" },
        { "GET", "/api/v1/units?q=%E7%A4%BE&limit=5", "LAAAAAAAAA" },
        { "GET", "/api/v1/attachments/999999", "LNNNNNNNNN" },
        { "GET", "/api/v1/cohorts/1/codes", "LAAAFFAFAF" },
        { "GET", "/api/v1/cohorts/1/codes.xlsx", "LAAAFFAFAF" },
        { "POST", "/api/v1/cohorts/1/roster/999999/code", "LNNNFFFFFF" },
        { "POST", "/api/v1/cohorts/999/codes/reissue", "LNNNFFFFFF" },
        { "GET", "/api/v1/cohorts/1/groupings", "LAAAAAFFFF" },
        { "GET", "/api/v1/cohorts/1/groupings/999999", "LNNNNNFFFF" },
        { "POST", "/api/v1/cohorts/1/groupings", "LAAAFFFFFF" },
        { "POST", "/api/v1/cohorts/1/groupings/999999/moves", "LNNNFFFFFF" },
        { "GET", "/api/v1/cohorts/1/reviews", "LAAAAAFFFF" },
        { "GET", "/api/v1/cohorts/1/reviews/999999", "LNNNNNFFFF" },
        { "GET", "/api/v1/cohorts/1/reviews/999999/submissions", "LNNNNNFFFF" },
        { "GET", "/api/v1/cohorts/1/reviews/999999/ranking", "LNNNFFFFFF" },
        { "GET", "/api/v1/cohorts/1/reviews/submissions/999999/versions", "LNNNNNNNNN" },
        { "GET", "/api/v1/cohorts/1/reviews/submissions/999999/draft", "LNNNNNNNNN" },
        { "PUT", "/api/v1/cohorts/1/reviews/submissions/999999/draft", "LNNNNNNNNN" },
        { "POST", "/api/v1/cohorts/1/reviews/submissions/999999/versions", "LNNNNNNNNN" },
        { "GET", "/api/v1/cohorts/1/reviews/todo", "LAAAAAFFFF" },
        { "PUT", "/api/v1/cohorts/1/reviews/submissions/999999/score", "LNNNNNFFFF" },
        { "POST", "/api/v1/cohorts/1/reviews/submissions/999999/score", "LNNNNNFFFF" },
        { "GET", "/api/v1/cohorts/1/scores", "LAAAFFFFFF" },
        { "GET", "/api/v1/cohorts/1/scores/mine", "LNNNNNNANA" },
        { "PUT", "/api/v1/cohorts/1/scores/formula", "LAAFFFFFFF" },
        { "GET", "/api/v1/cohorts/1/outstanding", "LAAAFFFFFF" },
        { "PUT", "/api/v1/cohorts/1/outstanding/rule", "LAAFFFFFFF" },
        { "POST", "/api/v1/cohorts/1/outstanding/adjustments", "LAAFFFFFFF" },
        { "POST", "/api/v1/cohorts/1/outstanding/confirm", "LAAFFFFFFF" },
        { "POST", "/api/v1/cohorts/1/outstanding/reopen", "LAAFFFFFFF" },
        { "GET", "/api/v1/course-agreements", "LAAFFFFFFF" },
        { "GET", "/api/v1/course-agreements/999999", "LNNFFFFFFF" },
        { "POST", "/api/v1/course-agreements", "LAAFFFFFFF" },
        { "PUT", "/api/v1/course-agreements/999999", "LNNFFFFFFF" },
        { "DELETE", "/api/v1/course-agreements/999999", "LNNFFFFFFF" },
        { "GET", "/api/v1/courses", "LAAFFFFFFF" },
        { "GET", "/api/v1/courses/library", "LAAFFFFFFF" },
        { "GET", "/api/v1/courses/999999", "LNNFFFFFFF" },
        { "GET", "/api/v1/course-meetings", "LAAAAAAAAA" },
        { "GET", "/api/v1/course-meetings/1", "LANNNNNNNN" },
        { "GET", "/api/v1/course-meetings/999999", "LNNNNNNNNN" },
        { "GET", "/api/v1/course-meetings/1/todo", "LNNNNNNNNN" },
        { "PUT", "/api/v1/course-meetings/1/lectures/1/score", "LNNNNNNNNN" },
        { "PUT", "/api/v1/course-meetings/1/rubric", "LANNNNNNNN" },
        { "GET", "/api/v1/me/ledger", "LAAAAAAAAA" },
        { "GET", "/api/v1/people/{t001}/ledger", "LAAAAAAANN" },
        { "GET", "/api/v1/units/{echeng}/ledger?year=2023", "LAANNNANNN" },
        { "GET", "/api/v1/cohorts/1/ledger", "LAAAAAFFFF" },
        { "PUT", "/api/v1/cohorts/1/ledger/rule", "LAAFFFFFFF" },
        { "GET", "/api/v1/cohorts/1/cafes/999999", "LNNNNNFFFF" },
        { "GET", "/api/v1/cohorts/1/cafes/mine", "LNNNNNNANA" },
        { "POST", "/api/v1/cohorts/1/cafes/999999", "LNNNFFFFFF" },
        { "POST", "/api/v1/cohorts/1/cafes/999999/setup", "LNNNFFFFFF" },
        { "POST", "/api/v1/cohorts/1/cafes/999999/people", "LNNNFFFFFF" },
        { "POST", "/api/v1/cohorts/1/cafes/999999/generate", "LNNNFFFFFF" },
        { "POST", "/api/v1/cohorts/1/cafes/999999/regenerate", "LNNNFFFFFF" },
        { "POST", "/api/v1/cohorts/1/cafes/999999/swap", "LNNNFFFFFF" },
        { "POST", "/api/v1/cohorts/1/cafes/999999/played", "LNNNFFFFFF" },
        { "DELETE", "/api/v1/cohorts/1/cafes/999999", "LNNNFFFFFF" },
        { "GET", "/api/v1/sessions/1/open-space", "LNNNNNNNNN" },
        { "PUT", "/api/v1/sessions/1/open-space", "LAAAFFFFFF" },
        { "POST", "/api/v1/sessions/1/open-space/marketplace", "LNNNFFFFFF" },
        { "POST", "/api/v1/sessions/1/open-space/topics", "LAAAFFFAFA" },
        { "GET", "/api/v1/sessions/1/open-space/topics/999999", "LNNNNNNNNN" },
        { "POST", "/api/v1/sessions/1/open-space/topics/999999/place", "LNNNFFFFFF" },
        { "POST", "/api/v1/sessions/1/open-space/topics/999999/signup", "LNNNNNNNNN" },
        { "PUT", "/api/v1/sessions/1/open-space/topics/999999/notes", "LNNNNNNNNN" },
        { "GET", "/api/v1/sessions/1/outputs", "LAAAAAFAFA" },
        { "PUT", "/api/v1/sessions/1/outputs/settings", "LAAAFFFFFF" },
        { "PUT", "/api/v1/sessions/1/outputs/group-999999/texts/summary", "LNNNNNFNFN" },
        { "POST", "/api/v1/sessions/1/outputs/group-999999/entries", "LNNNNNFNFN" },
        { "POST", "/api/v1/sessions/1/outputs/group-999999/files", "LNNNNNFNFN" },
        { "POST", "/api/v1/sessions/1/outputs/group-999999/comments", "LNNNNNFNFN" },
        { "POST", "/api/v1/sessions/1/outputs/group-999999/like", "LNNNNNFNFN" },
        { "GET", "/api/v1/sessions/1/outputs/export.docx", "LAAAAAFFFF" },
        { "GET", "/api/v1/sessions/1/outputs/export.zip", "LAAAAAFFFF" },
        { "DELETE", "/api/v1/sessions/1/outputs/group-999999/entries/1", "LNNNNNFNFN" },
        { "DELETE", "/api/v1/sessions/1/outputs/group-999999/files/1", "LNNNNNFNFN" },
        { "GET", "/api/v1/cohorts/1/learning-logs", "LAAAFFFFFF" },
        { "POST", "/api/v1/cohorts/1/learning-logs/999999/comments", "LAAAFFFFFF" },
        { "PUT", "/api/v1/cohorts/1/learning-logs/999999/featured", "LAAAFFFFFF" },
        { "GET", "/api/v1/cohorts/1/learning-logs/mine", "LNNNNNNANA" }, // only the class's own trainees
        { "PUT", "/api/v1/cohorts/1/learning-logs/mine/2023-06-07", "LNNNNNNANA" },
        { "POST", "/api/v1/cohorts/1/learning-logs/mine/2023-06-07/photos", "LNNNNNNANA" },
        { "GET", "/api/v1/handbooks", "LAAAAAAAAA" },
        { "GET", "/api/v1/handbooks/1", "LAAAAAAAAA" },
        { "GET", "/api/v1/handbooks/1/search?q=%E5%B1%85%E6%B0%91", "LAAAAAAAAA" },
        { "GET", "/api/v1/handbook-articles/1", "LAAAAAAAAA" },
        { "GET", "/api/v1/handbook-articles/1/versions", "LAAAAAAAAA" },
        { "POST", "/api/v1/handbooks", "LAAFFFFFFF" },
        { "PUT", "/api/v1/handbooks/1/editors", "LAAFFFFFFF" },
        { "POST", "/api/v1/handbooks/1/chapters", "LAAFFFFFFF" },
        { "DELETE", "/api/v1/handbook-chapters/999999", "LNNFFFFFFF" },
        { "POST", "/api/v1/handbook-chapters/1/articles", "LAAFFFFFFF" }, // editors (the demo handbook's are 观山湖's organizer and head teacher)
        { "PUT", "/api/v1/handbook-articles/1", "LAAFFFFFFF" },
        { "DELETE", "/api/v1/handbook-articles/999999", "LNNNNNNNNN" }, // any reader may know which articles exist
        { "GET", "/api/v1/cohorts/{s003}/surveys", "LANNNNNNNN" },
        { "GET", "/api/v1/cohorts/{s003}/surveys/{sid}/results", "LANNNNFFFF" },
        { "POST", "/api/v1/cohorts/{s003}/surveys/{sid}/answers", "LANNNNNNNN" },
    };

    public static TheoryData<string, string> Pages => new()
    {
        { "/", "LAAAAAAAAA" },
        { "/Cohorts", "LAAAAAAAAA" },
        { "/Cohorts/Details/1", "LAAAAAAAAA" },
        { "/Units", "LAAAAAAFAF" },
        { "/Units/Import", "LAAFFFFFFF" },
        { "/Accounts/Users", "LAFFFFFFFF" },
        { "/Accounts/ChangePassword", "LAAAAAAAAA" },
        { "/Glossary", "LAAAAAAAAA" },
        { "/Accounts/Login", "AAAAAAAAAA" },
        { "/Enrollment/Quotas/1", "LAAFFFFFFF" },
        { "/Enrollment/Receipts/1", "LAAAAAA4A4" },
        { "/Enrollment/Reconciliation/1", "LAAAAAA4A4" },
        { "/Enrollment/Roster/1", "LAAAAAAAAA" },
        { "/Enrollment/Participants/1", "LAAAAAFFFF" },
        { "/Attendance/Console/1", "LAAAFFFFFF" },
        { "/Attendance/Sheet/1", "LAAAFFFFFF" },
        { "/Attendance/Held/1", "LAAAFFFFFF" },
        { "/Attendance/Projector/1", "LAAAFFFFFF" },
        { "/Attendance/Sheet/1?handler=Xlsx", "LAAAFFFFFF" },
        { "/Attendance/Leave/1", "LAAAFFFFFF" },
        { "/Me", "LAAAAAAAAA" },
        { "/Me/Timetable/1", "L444444A4A" }, // only the class's own trainees
        { "/Me/Attendance/1", "L444444A4A" }, // only the class's own trainees
        { "/Me/Leave/1", "L444444A4A" }, // only the class's own trainees
        { "/Me/Notice/1", "L444444A4A" }, // only the class's own trainees
        { "/Attendance/Stats/1", "LAAAAAFFFF" },
        { "/Attendance/Discipline/1", "LAAAAAFFFF" },
        { "/Attendance/Scan?s=1&t=x", "LAAAAAAAAA" },
        // a session of the sign-in trial class (trainees t081 … t090): hidden from contacts and trainees of other classes
        { "/Attendance/Scan?s={trial}&t=x", "LAAAAA4444" },
        { "/Cohorts/Staff/1", "LAAAAAFFFF" },
        { "/Cohorts/Create", "LAAFFFFFFF" },
        { "/Cohorts/Edit/1", "LAAFFFFFFF" },
        { "/Cohorts/Copy/1", "LAAFFFFFFF" },
        { "/Errors/404", "4444444444" },
        { "/Enrollment/Codes/1", "LAAAFFAFAF" },
        { "/Enrollment/Slips/1", "LAAAFFAFAF" },
        { "/Groups/1", "LAAAAAFFFF" },
        { "/Groups/Grouping/1/999999", "L44444FFFF" }, // no such grouping: 404 past the policy
        { "/Me/Groups/1", "L444444A4A" }, // only the class's own trainees
        { "/Groups/Cafe/1/999999", "L44444FFFF" },
        { "/Groups/CafePrint/1/999999", "L44444FFFF" },
        { "/Groups/CafeProjector/1/999999", "L44444FFFF" },
        { "/OpenSpace/1", "LAAA333333" }, // who does not run it is sent to the phone page
        { "/OpenSpace/Phone/1", "LAAAAAAAAA" },
        { "/OpenSpace/Wall/1", "L444444444" }, // session 1 has no Open Space
        { "/OpenSpace/Topic/1/999999", "L444444444" },
        { "/Outputs/1", "LAAAAAAAAA" }, // a unit contact sees only the list of sessions
        { "/Outputs/1/1", "LAAAAAFAFA" },
        { "/Outputs/Gallery/1/1", "LAAAAAFAFA" },
        { "/Reviews/1", "LAAAAAAAAA" }, // who sees the class sees its reviews listed; a plan only its owner and the staff
        { "/Reviews/Todo/1", "LAAAAAFFFF" },
        { "/Reviews/Review/1/999999", "L44444FFFF" },
        { "/Reviews/Assign/1/999999", "L44FFFFFFF" },
        { "/Reviews/Ranking/1/999999", "L444FFFFFF" },
        { "/Reviews/Plan/1/999999", "L444444444" },
        { "/Reviews/Score/1/999999", "L44444FFFF" }, // reviewers are staff
        { "/Reviews/Compare/1/999999", "L444444444" },
        { "/Courses", "LAAFFAFFFF" },               // an expert on no panel yet is told so (the menu links here for experts)
        { "/Courses/Library", "LAAFFFFFFF" },
        { "/Courses/Library?handler=Xlsx", "LAAFFFFFFF" },
        { "/Courses/Course/1", "LA4FFFFFFF" },      // the demo organizer (鄂州) does not manage 观山湖's courses
        { "/Courses/Meeting/1", "LA44444444" },     // only the organizer and the panel's members
        { "/Courses/Score/1/1", "L444444444" },     // panel members only (an administrator is not on the panel)
        { "/Courses/Summary/1", "LA44444444" },
        { "/Courses/Agreement/1", "LA4FFFFFFF" },
        { "/Courses/Agreement/1?confirm=delete", "LA4FFFFFFF" },
        { "/Certificates/1", "LAAAFFFFFF" },
        { "/Certificates/1?handler=All", "LAAAFFFFFF" },
        { "/Certificates/1/outstanding", "LAAAFFFFFF" }, // the 优秀学员证书 tab
        { "/Me/Certificate/1", "L444444A4A" }, // only the class's own trainees
        { "/Me/Certificate/1?handler=Pdf", "L444444A4A" },
        { "/Verify/00000000000000000000000000", "4444444444" }, // public; an unknown code is the same 404 for all
        { "/Ledger/1", "LAAAAAFFFF" },
        { "/Ledger/Unit", "LAAFFFAFAF" },
        { "/Me/Ledger", "LAAAAAAAAA" },
        { "/Ledger/Person/{t001}", "LAAAAAAA44" },
        { "/Ledger/Merges", "LAFFFFFFFF" },
        { "/Online/1", "LAAAAAFFFF" },
        { "/Me/Online/1", "L444444A4A" }, // only the class's own trainees
        { "/Tasks/1", "LAAAAAFFFF" },
        { "/Tasks/Task/1/999999", "L44444FFFF" },
        { "/Tasks/Score/1/999999", "L44444FFFF" },
        { "/Me/Tasks/1", "L444444A4A" }, // only the class's own trainees
        { "/Scores/1", "LAAAFFFFFF" },
        { "/Scores/Formula/1", "LAAAFFFFFF" },
        { "/Scores/Outstanding/1", "LAAAFFFFFF" },
        { "/Me/Score/1", "L444444A4A" }, // only the class's own trainees
        { "/LearningLogs/1", "LAAAFFFFFF" },
        { "/Summary/1", "LAAAFFFFFF" }, // 培训总结 (#24): the class's organizer and head teacher
        { "/Summary/1?handler=Docx", "LAAAFFFFFF" },
        { "/Me/Logs/1", "L444444A4A" }, // only the class's own trainees
        { "/Handbook", "LAAAAAAAAA" },
        { "/Handbook/1", "LAAAAAAAAA" },
        { "/Handbook/Article/1", "LAAAAAAAAA" },
        { "/Handbook/Edit/1", "LAAFFFFFFF" },
        { "/Surveys/1", "LAAAAAAAAA" },    // each sees the surveys that ask them
        { "/Surveys/{s003}", "LA44444444" }, // seed 003's class (观山湖): no column but the administrator is on its staff or roll
        { "/Surveys/Edit/{s003}/{sid}", "LA4FFFFFFF" },
        { "/Surveys/Results/{s003}/{sid}", "LA4444FFFF" },
        { "/Surveys/Results/{s003}/{sid}?handler=Export", "LA4444FFFF" },
        { "/Surveys/Answer/{s003}/{sid}", "LA44444444" },
        { "/Surveys/Host/AAAAAAAAAAAAAAAAAAAAAA", "4444444444" },   // a host's link: an unknown token is the same 404 for all
        { "/Surveys/Public/AAAAAAAAAAAAAAAAAAAAAA", "4444444444" }, // the public link, likewise
        { "/Scenes", "LAAAAAAFAF" },
        { "/Scenes/Standards", "LAAAAAAFAF" },
        { "/Scenes/Resources", "LAAAAAAFAF" },
        { "/Scenes/Brands", "LAAAAAAFAF" },
        { "/Scenes/Scene/{scene}", "LAAAAAAF4F" },  // 镜园社区口袋公园 is in 鄂城区: contact-huarong gets 404
        { "/Scenes/Poster/{scene}", "LAAAAAAF4F" },
        { "/Scenes/Observe/{scene}", "LAAAAAAF4F" },
        { "/Scenes/Card/{scenecard}", "AAAAAAAAAA" }, // residents' card: public
        { "/Dashboard", "LAAFFFFFFF" },   // organizers and administrators (#24)
        { "/Dashboard?year=2023&unit={echeng}", "LAAFFFFFFF" },
        { "/Dashboard?year=2023&handler=Xlsx", "LAAFFFFFFF" },
    };

    private string echeng = "";

    private async Task<string> Resolve(string path)
    {
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        long id(string p) => units.Single(u => u.Value<string>("path") == p).Value<long>("id");
        echeng = id("鄂州市/鄂城区").ToString();
        if (path.Contains("{trial}"))
        {
            var admin = await app.Api("admin");
            var cohorts = await (await admin.GetAsync("/api/v1/cohorts")).ReadArrayAsync();
            var trial = cohorts.Single(c => c.Value<string>("title") == CommunityAcademy.Web.Features.Demo.DemoSeeder.SignInClassTitle).Value<long>("id");
            var sessions = (await Timetable.TimetableKit.TimetableAsync(admin, trial))["sessions"]!.AsArray();
            path = path.Replace("{trial}", sessions[0]!.Value<long>("id").ToString());
        }
        if (path.Contains("{t001}"))
        {
            await using var c = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync();
            path = path.Replace("{t001}", (await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT id FROM users WHERE username = 't001'")).ToString());
        }
        if (path.Contains("{s003}"))
        {
            await using var c = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync();
            var survey = await Dapper.SqlMapper.QuerySingleAsync<(long Cohort, long Id)>(c,
                "SELECT cohort_id, id FROM surveys WHERE title = @t", new { t = CommunityAcademy.Web.Features.Demo.Seed003Survey.Title });
            path = path.Replace("{s003}", survey.Cohort.ToString()).Replace("{sid}", survey.Id.ToString());
        }
        if (path.Contains("{scene}") || path.Contains("{scenecard}"))
        {
            var scene = await Scenes.SceneKit.PosterSceneAsync(app);
            path = path.Replace("{scene}", scene.ToString());
            if (path.Contains("{scenecard}")) path = path.Replace("{scenecard}", await Scenes.SceneKit.CardTokenAsync(app, scene));
        }
        return path.Replace("{echeng}", id("鄂州市/鄂城区").ToString()).Replace("{huarong}", id("鄂州市/华容区").ToString());
    }

    [Theory]
    [MemberData(nameof(Api))]
    public async Task Api_endpoints(string method, string path, string expected)
    {
        var url = await Resolve(path);
        await RoleMatrix.AssertApiAsync(app, method, url, expected, () =>
            path.EndsWith("/import") ? new MultipartFormDataContent { { new StringContent("x"), "not-a-file" } }
            : path.EndsWith("/leave-notes") || path.EndsWith("/photos") ? new MultipartFormDataContent { { new ByteArrayContent("not a photo"u8.ToArray()), "file", "note.jpg" } }
            : path.EndsWith("/receipts") ? new MultipartFormDataContent { { new ByteArrayContent("单位,姓名,职务,联系方式\n滨湖社区,张三,主任及分管的“两委”成员,13800000000\n"u8.ToArray()), "file", "r.csv" }, { new StringContent(echeng), "unitId" } }
            : path.EndsWith("/receipts/form") ? JsonContent.Create(new { unitId = long.Parse(echeng), rows = new[] { new { unit = "滨湖社区", name = "张三", position = "主任及分管的“两委”成员", phone = "13800000000" } } })
            : path.EndsWith("/substitute") ? JsonContent.Create(new { name = "某人", phone = "13800000000", reason = "测试" })
            : JsonContent.Create(new { invalid = true, parentId = -1 }));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Pages_by_role(string path, string expected) => await RoleMatrix.AssertPageAsync(app, await Resolve(path), expected);
}

public sealed class AuthorizationMatrixTests_Sqlite(SqliteDemo app) : AuthorizationMatrixTests(app), IClassFixture<SqliteDemo>;
public sealed class AuthorizationMatrixTests_Postgres(PostgresDemo app) : AuthorizationMatrixTests(app), IClassFixture<PostgresDemo>;
