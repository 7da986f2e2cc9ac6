using System.Net;
using System.Text;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

public abstract class TimetableImportTests(TestApp app)
{
    [Fact]
    public async Task The_seed_table_pasted_as_it_is_imports_and_twice_is_harmless()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "第三期", "2023-06-07", "2023-06-09", venue: "共益园五楼" + U());
        // The notice's own table: a blank heading over the day column, merged day cells left blank.
        var rows = new List<string[]> { new[] { "", "时  间", "课程安排", "授课专家", "类型" } };
        var types = new[] { "开班仪式", "专题讲授", "专题讲授", "实操", "工作坊", "专题讲授", "工作坊" };
        for (var i = 0; i < Seed000TimetableTests.SeedTable.Length; i++) rows.Add([.. Seed000TimetableTests.SeedTable[i], types[i]]);
        var bytes = Xlsx([.. rows]);

        var r = await UploadAsync(c, cohort, bytes, "课程安排.xlsx");
        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        Assert.Equal((7, 0), ((await r.ReadJsonAsync()).Value<int>("created"), (await r.ReadJsonAsync()).Value<int>("existing")));

        var s = (await TimetableAsync(c, cohort))["sessions"]!.AsArray();
        Assert.Equal(Seed000TimetableTests.SeedTable.Select(x => x[1]), s.Select(x => $"{x.Value<string>("start")}-{x.Value<string>("end")}"));
        Assert.Equal(Seed000TimetableTests.SeedTable.Select(x => x[2]), s.Select(x => x.Value<string>("title")));
        Assert.Equal(Seed000TimetableTests.SeedTable.Select(x => x[3]), s.Select(x => x.Value<string>("instructors")));
        Assert.Equal(["2023-06-07", "2023-06-07", "2023-06-07", "2023-06-08", "2023-06-08", "2023-06-09", "2023-06-09"], s.Select(x => x.Value<string>("date")));
        Assert.Equal(["opening_ceremony", "lecture", "lecture", "practice", "workshop", "lecture", "workshop"], s.Select(x => x.Value<string>("type")));
        // "陈伟东等" is the team 陈伟东 leads: linked, so his calendar and clash checks know.
        Assert.Equal("华师陈伟东教授团队", s[1]!["people"]![0].Value<string>("name"));
        Assert.Empty(s[0]!["people"]!.AsArray());

        var again = await (await UploadAsync(c, cohort, bytes, "课程安排.xlsx")).ReadJsonAsync();
        Assert.Equal((0, 7), (again.Value<int>("created"), again.Value<int>("existing")));
        Assert.Equal(7, (await TimetableAsync(c, cohort))["sessions"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_gbk_csv_with_chinese_dates_separate_times_teaching_points_and_an_evening()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "CSV导入", "2025-03-22", "2025-03-26");
        var point = await TeachingPointAsync(c, "观山社区", "议事厅");
        var pointName = (await (await c.GetAsync($"/api/v1/teaching-points/{point}")).ReadJsonAsync()).Value<string>("name");
        var wang = await InstructorAsync(c, "王燕");
        var wangName = (await (await c.GetAsync($"/api/v1/instructors/{wang}")).ReadJsonAsync()).Value<string>("name");
        var csv = "日期,开始,结束,课程名称,类型,工作坊形式,授课专家,关联专家,教学点,场景,学时,签到,直播链接\n" +
                  $"3月22日（周六）,9:00,9：30,开班仪式,开班仪式,,,,,,,,\n" +
                  $"2025年3月24日,14:30,17:30,基层社会治理实例课,现场教学,,,,{pointName},议事厅,3,否,\n" +
                  $"第三天,19:00,次日00:30,世界咖啡,工作坊,世界咖啡,,{wangName},,,,是,\n" +
                  $"2025/3/26,19:30,21:00,线上分享,线上直播,,,,,,,,https://live.example.cn/x\n";
        var r = await UploadAsync(c, cohort, SpreadsheetReader.Gb18030.GetBytes(csv), "timetable.csv");
        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var s = (await TimetableAsync(c, cohort))["sessions"]!.AsArray();
        Assert.Equal(4, s.Count);
        Assert.Equal(("2025-03-22", "09:00", "09:30"), (s[0].Value<string>("date"), s[0].Value<string>("start"), s[0].Value<string>("end")));
        Assert.Equal((pointName, "议事厅", 3m, false), (s[1].Value<string>("teachingPointName"), s[1].Value<string>("sceneName"), s[1].Value<decimal>("studyHours"), s[1].Value<bool>("signInRequired")));
        Assert.Equal(("2025-03-24", true, "world_cafe"), (s[2].Value<string>("date"), s[2].Value<bool>("pastMidnight"), s[2].Value<string>("method")));
        Assert.Equal(wangName, s[2]!["people"]![0].Value<string>("name"));
        Assert.Equal(("live_online", "https://live.example.cn/x"), (s[3].Value<string>("delivery"), s[3].Value<string>("onlineLink")));
    }

    [Fact]
    public async Task A_file_with_bad_rows_imports_nothing_and_names_every_bad_cell_in_chinese()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "坏表", "2025-06-07", "2025-06-09");
        var bytes = Xlsx(
            ["日期", "时间", "课程安排", "授课专家", "关联专家", "类型", "教学点", "学时"],
            ["2025-06-07", "08:30-11:30", "好的一行", "", "", "专题讲授", "", ""],            // row 2: fine
            ["2025-06-31", "08:30-11:30", "坏日期", "", "", "", "", ""],                      // row 3
            ["2025-06-08", "8点半-11点", "坏时间", "", "", "", "", ""],                       // row 4
            ["2025-06-08", "11:30-08:30", "倒过来", "", "", "", "", ""],                      // row 5
            ["2025-06-10", "08:30-11:30", "班期之外", "", "", "", "", ""],                    // row 6
            ["2025-06-08", "14:30-17:30", "不认识的专家", "", "无名氏", "", "", ""],           // row 7
            ["2025-06-08", "14:30-17:30", "不存在的教学点", "", "", "现场教学", "月球基地", ""], // row 8
            ["2025-06-09", "08:30-11:30", "学时不对", "", "", "", "", "很多"],                // row 9
            ["2025-06-09", "14:30-17:30", "没有的类型", "", "", "茶话会", "", ""],             // row 10
            ["2025-06-07", "08:30-11:30", "好的一行", "", "", "专题讲授", "", ""]);            // row 11: same as row 2
        var r = await UploadAsync(c, cohort, bytes, "bad.xlsx");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var errors = (await r.ReadJsonAsync())["errors"]!.AsArray();
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10, 11], errors.Select(e => e.Value<int>("row")));
        Assert.Equal(["日期", "时间", "时间", "日期", "关联专家", "教学点", "学时", "类型", "课程安排"], errors.Select(e => e.Value<string>("column")));
        Assert.Contains("无法识别的日期“2025-06-31”", errors[0].Value<string>("message"));
        Assert.Contains("早于开始时间", errors[2].Value<string>("message"));
        Assert.Contains("不是本班的培训日", errors[3].Value<string>("message"));
        Assert.Contains("找不到授课专家“无名氏”", errors[4].Value<string>("message"));
        Assert.Contains("找不到教学点“月球基地”", errors[5].Value<string>("message"));
        Assert.Contains("未知的课程类型“茶话会”", errors[7].Value<string>("message"));
        Assert.Contains("与第 2 行重复", errors[8].Value<string>("message"));
        Assert.Empty((await TimetableAsync(c, cohort))["sessions"]!.AsArray());
    }

    [Fact]
    public async Task A_link_cell_with_a_line_break_is_refused_and_nothing_is_imported()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "链接换行", "2025-03-26", "2025-03-26");
        var csv = "日期,时间,课程名称,类型,直播链接\r\n" +
                  "2025-03-26,19:30-21:00,线上分享,线上直播,\"https://live.example.cn/x\r\nATTENDEE:mailto:evil@x\"\r\n";
        var r = await UploadAsync(c, cohort, Utf8(csv), "timetable.csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var e = Assert.Single((await r.ReadJsonAsync())["errors"]!.AsArray());
        Assert.Equal((2, "直播链接"), (e.Value<int>("row"), e.Value<string>("column")));
        Assert.Contains("控制字符", e.Value<string>("message"));
        Assert.Empty((await TimetableAsync(c, cohort))["sessions"]!.AsArray());
    }

    [Fact]
    public async Task Files_that_are_not_timetables_are_refused_clearly()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "怪文件", "2025-06-07", "2025-06-09");
        var noHeader = await UploadAsync(c, cohort, Utf8("姓名,电话\n张三,1\n"), "x.csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noHeader.StatusCode);
        Assert.Contains("找不到表头", (await noHeader.ReadJsonAsync())["errors"]![0].Value<string>("message"));
        var fake = await UploadAsync(c, cohort, Utf8("not a workbook"), "x.xlsx");
        Assert.Contains("不是 Excel 工作簿", (await fake.ReadJsonAsync())["errors"]![0].Value<string>("message"));
        var noDate = await UploadAsync(c, cohort, Utf8("时间,课程安排\n08:30-11:30,x\n"), "x.csv");
        Assert.Contains("日期", (await noDate.ReadJsonAsync())["errors"]![0].Value<string>("message"));
        var firstBlank = await UploadAsync(c, cohort, Utf8("日期,时间,课程安排\n,08:30-11:30,x\n"), "x.csv");
        Assert.Contains("第一行课程须写明日期", (await firstBlank.ReadJsonAsync())["errors"]![0].Value<string>("message"));
        var noFile = await c.PostAsync($"/api/v1/cohorts/{cohort}/sessions/import", new MultipartFormDataContent { { new StringContent("x"), "other" } });
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await UploadAsync(c, 987654, Utf8("日期,时间,课程安排\n"), "x.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(await app.Api("t001"), cohort, Utf8("日期,时间,课程安排\n"), "x.csv")).StatusCode);
    }

    [Fact]
    public async Task The_import_page_uploads_with_its_antiforgery_token()
    {
        var cohort = await CreateCohortAsync(app, "页面导入", "2025-09-01", "2025-09-02");
        var b = await app.Browser("organizer");
        var page = await b.GetStringAsync($"/Timetable/Import/{cohort}");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new ByteArrayContent(Utf8("日期,时间,课程安排\n2025-09-01,09:00-11:00,开班\n")), "Upload", "t.csv" },
        };
        var r = await b.PostAsync($"/Timetable/Import/{cohort}", form);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("导入成功：新增 1 节课程", await r.Content.ReadAsStringAsync());
        var bad = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new ByteArrayContent(Utf8("日期,时间,课程安排\n2025-09-05,09:00-11:00,开班\n")), "Upload", "t.csv" },
        };
        var r2 = await b.PostAsync($"/Timetable/Import/{cohort}", bad);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r2.StatusCode);
        Assert.Contains("不是本班的培训日", await r2.Content.ReadAsStringAsync());
    }
}

public sealed class TimetableImportTests_Sqlite(SqliteDemo app) : TimetableImportTests(app), IClassFixture<SqliteDemo>;
public sealed class TimetableImportTests_Postgres(PostgresDemo app) : TimetableImportTests(app), IClassFixture<PostgresDemo>;
