using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Features.Surveys;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// Seed 003 (#23): "学校有关负责人、班主任老师全程带班，听取收集了老师、学员及参观教学点负责人、工作人员的多方建议" — the
/// first class's three-audience feedback survey (trainees, instructors, the hosts of 金元社区 and 观山社区 through their
/// personal links), anonymous, answered through the stores; its free texts echo the seed's words.
/// </summary>
public static class Seed003Survey
{
    public const string Title = "第一期培训效果反馈问卷";

    private static readonly string[] Advice =
    [
        "课程设置很接地气，现场教学很有指导性，希望下期多安排现场教学。",
        "动员社会力量参与社区建设的课程最有收获，希望多讲成功案例。",
        "“三感社区”建设的课程很实用，建议增加分组讨论时间。",
        "封闭培训时间紧，理论课程可以更精炼，多留时间交流经验。",
        "现场教学参观金元社区、观山社区收获很大，希望多安排互动交流。",
        "老师从目标、路径、措施、成功案例四个方面讲解，很有针对性和实操性。",
    ];

    public static async Task SeedAsync(Db db, TimeProvider clock)
    {
        var surveys = new SurveyStore(db, clock);
        var answers = new SurveyAnswers(db, surveys, new Infrastructure.Search.ChineseText(), clock);
        await using var c = await db.OpenAsync();
        var cohort = await c.ExecuteScalarAsync<long?>("SELECT id FROM cohorts WHERE title = @Title", new { Title = Seed003.Title });
        var organizer = await c.QuerySingleOrDefaultAsync<(long Id, string Name)>("SELECT id, display_name FROM users WHERE username = @u", new { u = Seed003.Organizer });
        if (cohort is not { } id || organizer.Id == 0) return;
        var me = new CurrentUser(organizer.Id, Seed003.Organizer, organizer.Name, new HashSet<string> { Role.Organizer }, null);
        var made = await surveys.CreateAsync(me, id, new NewSurvey(Title, [Audience.Trainees, Audience.Instructors, Audience.Hosts], true,
            Surveys.SurveyInput.Blank().Definition, null, null));
        if (!made.IsOk) return;
        var s = (await surveys.GetAsync(id, made.Value))!;
        var sessions = await surveys.SessionsAsync(id);
        Dictionary<string, IReadOnlyList<string>> Answer(int i, string advice)
        {
            var a = new Dictionary<string, IReadOnlyList<string>>
            {
                ["q:overall"] = [(i % 4 == 0 ? 4 : 5).ToString()], ["q:recommend"] = [(7 + i % 4).ToString()],
                ["q:gain"] = i % 3 == 0 ? ["1", "4"] : ["2", "3"], ["q:format"] = [(1 + i % 3).ToString()], ["q:advice"] = [advice],
            };
            foreach (var (x, n) in sessions.Select((x, n) => (x, n)))
            {
                a[$"q:sessions:{x.Id}:content"] = [(3 + (i + n) % 3).ToString()];
                a[$"q:sessions:{x.Id}:instructor"] = [(4 + (i + n) % 2).ToString()];
                a[$"q:sessions:{x.Id}:usefulness"] = [(3 + (i * n) % 3).ToString()];
            }
            return a;
        }
        var trainees = (await c.QueryAsync<long>("SELECT user_id FROM enrollments WHERE cohort_id = @id AND user_id IS NOT NULL ORDER BY id", new { id })).Take(36).ToList();
        for (var i = 0; i < trainees.Count; i++)
            await answers.SaveAsync(s, new Respondent(Audience.Trainees, UserId: trainees[i]), Answer(i, Advice[i % Advice.Length]), submit: true);
        // the instructors (no accounts here: the head teacher typed in their sheets)
        for (var i = 0; i < 3; i++)
            await answers.SaveAsync(s, new Respondent(Audience.Instructors), Answer(i + 1, "学员学习积极，主动提问，建议课前发放案例材料。"), submit: true);
        // the hosts of 金元社区 and 观山社区, each through a personal link
        foreach (var (name, point, advice) in new[]
        {
            ("金元社区负责人（示例）", "金元社区", "学员对“三网融合”和“大数据+服务治理”很感兴趣，建议参观时间再延长一些。"),
            ("刘明先（观山社区党支部书记）", "观山社区", "“一引领四联动”模式的实例课互动很好，下期可以安排学员分组走访居民。"),
        })
        {
            var pointId = await c.ExecuteScalarAsync<long?>("SELECT id FROM teaching_points WHERE name = @point", new { point });
            var token = await surveys.AddHostAsync(me, id, s.Id, name, pointId, clock.GetUtcNow().AddDays(30));
            if (!token.IsOk) continue;
            var host = await c.ExecuteScalarAsync<long>("SELECT id FROM survey_hosts WHERE token_hash = @h", new { h = SurveyStore.Hash(token.Value!) });
            await answers.SaveAsync(s, new Respondent(Audience.Hosts, HostId: host), Answer(2, advice), submit: true);
        }
    }
}
