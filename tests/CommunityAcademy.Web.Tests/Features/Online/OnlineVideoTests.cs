using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Online;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Web;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using Microsoft.Extensions.Options;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;

namespace CommunityAcademy.Web.Tests.Features.Online;

/// <summary>
/// A case push's video (#21 gap): an MP4 goes through the attachment store (its signature checked, its own size limit), a
/// renamed file that is not one is refused, the module shows it in a player and the app serves it in ranges (phones seek).
/// </summary>
public abstract class OnlineVideoTests(TestApp app)
{
    /// <summary>An MP4 as a phone or an editor writes it: the ftyp box (isom), then a media box of <paramref name="payload"/> bytes.</summary>
    public static byte[] Mp4(int payload = 2000, string brand = "isom")
    {
        var ms = new MemoryStream();
        ms.Write([0, 0, 0, 24]);
        ms.Write("ftyp"u8); ms.Write(Encoding.ASCII.GetBytes(brand)); ms.Write([0, 0, 2, 0]); ms.Write("isommp41"u8);
        var size = 8 + payload;
        ms.Write([(byte)(size >> 24), (byte)(size >> 16), (byte)(size >> 8), (byte)size]);
        ms.Write("mdat"u8);
        for (var i = 0; i < payload; i++) ms.WriteByte((byte)(i * 7));
        return ms.ToArray();
    }

    private AttachmentStore Store => app.Get<AttachmentStore>();

    [Fact]
    public void An_mp4_is_accepted_as_a_video_and_renamed_non_videos_are_refused()
    {
        var (file, error) = Store.Prepare(Mp4(), "电梯加装议事会.mp4", OnlineStore.OnlineFiles);
        Assert.Null(error);
        Assert.Equal((AttachmentKind.Mp4, "video/mp4"), (file!.Kind, file.ContentType));

        // A PDF renamed .mp4; a text file renamed .mp4; a QuickTime movie; an ftyp box that does not fit: refused, with a message.
        foreach (var (bytes, name) in new[]
                 {
                     (Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n"), "case.mp4"),
                     (Encoding.UTF8.GetBytes("这不是视频，只是改了扩展名"), "case.mp4"),
                     (Mp4(brand: "qt  "), "case.mp4"),
                     (Mp4().Select((b, i) => i == 3 ? (byte)13 : b).ToArray(), "case.mp4"),
                 })
        {
            var (refused, message) = Store.Prepare(bytes, name, OnlineStore.OnlineFiles);
            Assert.Null(refused);
            Assert.Contains("不支持此类文件", message);
        }
        // A real MP4 named as a photo: the name and the content disagree.
        Assert.Contains("文件内容不是这种格式", Store.Prepare(Mp4(), "photo.jpg", OnlineStore.OnlineFiles).Error);
        // Where videos are not accepted (a leave note's photo), an MP4 is refused.
        Assert.Contains("不支持此类文件", Store.Prepare(Mp4(), "clip.mp4", AttachmentUses.Images).Error);
    }

    [Fact]
    public void A_video_has_its_own_size_limit()
    {
        var small = new AttachmentStore(app.Get<Db>(), Options.Create(new AttachmentOptions { MaxBytes = 20L << 20, MaxVideoBytes = 1L << 20 }),
            app.Get<SheetUpload>(), app.Get<Texts>(), TimeProvider.System);
        Assert.Contains("超过 1 MB", small.Prepare(Mp4(1_200_000), "long.mp4", OnlineStore.OnlineFiles).Error);
        Assert.Null(small.Prepare(Mp4(900_000), "short.mp4", OnlineStore.OnlineFiles).Error);
        // By default a video may be larger than other files (20 MB) up to its own limit.
        Assert.True(Store.Limits.MaxVideoBytes > Store.Limits.MaxBytes);
        Assert.Null(Store.Prepare(Mp4(21 << 20), "lecture.mp4", OnlineStore.OnlineFiles).Error);
        Assert.Contains("超过 20 MB", Store.Prepare(new byte[21 << 20], "big.pdf", AttachmentUses.Documents).Error);
    }

    [Fact]
    public async Task A_case_push_module_carries_an_uploaded_video_played_in_the_page_and_served_in_ranges()
    {
        long cohort, session;
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            cohort = await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @title", new { title = Seed004.Title });
            session = await c.ExecuteScalarAsync<long>("""
                SELECT s.id FROM sessions s JOIN online_modules m ON m.session_id = s.id
                WHERE s.cohort_id = @cohort AND s.session_type = 'online_case' ORDER BY s.starts_at, s.id LIMIT 1
                """, new { cohort });
        }
        var module = (await app.Get<OnlineStore>().ModulesAsync(session))[0].Id;
        var org = await app.Browser(Seed004.Organizer);
        var page = $"/Online/Item/{cohort}/{session}";
        Assert.Contains("video/mp4", await PageAsync(org, page)); // the upload accepts videos
        var refused = await PostMultipartAsync(org, page, [("module", module.ToString())], ("upload", Encoding.UTF8.GetBytes("不是视频"), "议事会.mp4"), "File");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var video = Mp4(5000);
        var r = await PostMultipartAsync(org, page, [("module", module.ToString())], ("upload", video, "议事会.mp4"), "File");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var file = Assert.Single((await app.Get<OnlineStore>().ModulesAsync(session))[0].Files, f => f.ContentType == "video/mp4");

        // The trainee's module page plays it with the app's own address.
        var gc01 = await app.Browser("gc01");
        var html = await PageAsync(gc01, $"/Me/Online/{cohort}?item={session}&module={module}");
        Assert.Contains($"<video controls preload=\"metadata\" playsinline src=\"/api/v1/attachments/{file.AttachmentId}\"", html);

        // Served in ranges: the first bytes, then the rest from an offset; the whole file with Accept-Ranges.
        var whole = await gc01.GetAsync($"/api/v1/attachments/{file.AttachmentId}");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("video/mp4", whole.Content.Headers.ContentType!.MediaType);
        Assert.Contains("bytes", whole.Headers.AcceptRanges);
        var part = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/attachments/{file.AttachmentId}") { Headers = { Range = new RangeHeaderValue(100, 199) } };
        var ranged = await gc01.SendAsync(part);
        Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
        Assert.Equal(video[100..200], await ranged.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 100-199/{video.Length}", ranged.Content.Headers.ContentRange!.ToString());
        // Another class's trainee: as if it did not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Browser("t001")).GetAsync($"/api/v1/attachments/{file.AttachmentId}")).StatusCode);
    }
}

public sealed class OnlineVideoTests_Sqlite(SqliteDemo app) : OnlineVideoTests(app), IClassFixture<SqliteDemo>;
public sealed class OnlineVideoTests_Postgres(PostgresDemo app) : OnlineVideoTests(app), IClassFixture<PostgresDemo>;
