using System.IO.Compression;
using System.Net;
using System.Text;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using SkiaSharp;

namespace CommunityAcademy.Web.Tests.Infrastructure;

/// <summary>
/// The one attachment store: what it refuses (with a message, nothing stored), how it turns a phone photo upright and
/// strips its metadata, and that a file whose owner no feature answers for is never served.
/// </summary>
public abstract class AttachmentStoreTests(TestApp app)
{
    private AttachmentStore Store => app.Get<AttachmentStore>();

    public static TheoryData<string, string, string> Refused => new()
    {
        { "exe", "receipt.xlsx", "程序文件" },
        { "exe", "receipt.csv", "程序文件" },
        { "empty", "receipt.xlsx", "空" },
        { "oversized", "receipt.csv", "超过 20 MB" },
        { "zipbomb", "receipt.xlsx", "解压后超过" },
        { "pdf-as-xlsx", "receipt.xlsx", "不支持此类文件" },
        { "csv-as-xlsx", "receipt.xlsx", "文件内容不是这种格式" },
        { "truncated", "photo.jpg", "不完整" },
        { "heic", "photo.jpg", "兼容性最佳" },
        { "heic", "IMG_0001.HEIC", "兼容性最佳" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Refuses_with_a_message_and_stores_nothing(string kind, string name, string message)
    {
        var before = await Store.CountAsync();
        var uses = name.EndsWith(".jpg") || name.EndsWith(".HEIC") ? AttachmentUses.Images : AttachmentUses.Receipt;
        var (file, error) = Store.Prepare(Bytes(kind), name, uses);
        Assert.Null(file);
        Assert.NotNull(error);
        Assert.Contains(message, error);
        Assert.Equal(before, await Store.CountAsync());
    }

    [Fact]
    public void A_receipt_in_each_accepted_format_is_recognised_from_its_content()
    {
        Assert.Equal(AttachmentKind.Xlsx, Store.Prepare(Workbooks.Xlsx(["姓名"], [["张三"]]), "回执.xlsx", AttachmentUses.Receipt).File!.Kind);
        Assert.Equal(AttachmentKind.Csv, Store.Prepare(Encoding.UTF8.GetBytes("姓名,联系方式\n张三,13800000000\n"), "回执.csv", AttachmentUses.Receipt).File!.Kind);
        Assert.Equal(AttachmentKind.Csv, Store.Prepare(Encoding.GetEncoding("GB18030").GetBytes("姓名,联系方式\n张三,13800000000\n"), "回执.csv", AttachmentUses.Receipt).File!.Kind);
        Assert.Equal(AttachmentKind.Xls, Store.Prepare([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "回执.xls", AttachmentUses.Receipt).File!.Kind);
    }

    [Fact]
    public void A_phone_photo_is_turned_upright_without_its_location_and_gets_a_display_copy()
    {
        // 40 × 20, left half red, right half blue, taken with the phone turned: EXIF orientation 6 (rotate 90° clockwise), with GPS.
        var jpeg = WithExif(Jpeg(40, 20, SKColors.Red, SKColors.Blue), orientation: 6);
        Assert.True(Contains(jpeg, "Exif"u8.ToArray()));
        var (file, error) = Store.Prepare(jpeg, "IMG_2041.JPG", AttachmentUses.Images);
        Assert.Null(error);
        Assert.Equal("image/jpeg", file!.ContentType);
        using var stored = SKBitmap.Decode(file.Bytes);
        Assert.Equal((20, 40), (stored.Width, stored.Height));
        // Turned clockwise: the left (red) half is now on top, the right (blue) half below.
        Assert.True(stored.GetPixel(10, 5).Red > 200 && stored.GetPixel(10, 5).Blue < 80, stored.GetPixel(10, 5).ToString());
        Assert.True(stored.GetPixel(10, 35).Blue > 200 && stored.GetPixel(10, 35).Red < 80, stored.GetPixel(10, 35).ToString());
        // No metadata left: no EXIF block, no GPS directory, no orientation to apply twice.
        Assert.False(Contains(file.Bytes, "Exif"u8.ToArray()));
        Assert.False(Contains(file.Bytes, [0x88, 0x25]));
        using (var codec = SKCodec.Create(new MemoryStream(file.Bytes))) Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
        Assert.NotNull(file.DisplayBytes);
        using var display = SKBitmap.Decode(file.DisplayBytes);
        Assert.Equal((20, 40), (display.Width, display.Height));
    }

    [Fact]
    public void A_large_photo_gets_a_display_copy_at_most_1600_pixels_a_side()
    {
        var (file, _) = Store.Prepare(Jpeg(2400, 1200, SKColors.Green, SKColors.Yellow), "wide.jpg", AttachmentUses.Images);
        using var display = SKBitmap.Decode(file!.DisplayBytes);
        Assert.Equal((1600, 800), (display.Width, display.Height));
        using var stored = SKBitmap.Decode(file.Bytes);
        Assert.Equal((2400, 1200), (stored.Width, stored.Height));
    }

    [Fact]
    public async Task A_stored_file_whose_owner_no_feature_answers_for_is_never_served()
    {
        var (file, _) = Store.Prepare(Encoding.UTF8.GetBytes("a,b\n1,2\n"), "x.csv", AttachmentUses.Receipt);
        var db = app.Get<Db>();
        var id = await db.InTransactionAsync((c, tx) => Store.InsertAsync(c, tx, file!, "nobody", 1, null, null));
        var row = await Store.FindAsync(id);
        Assert.Equal((file!.Sha256, (long)file.Bytes.Length, "text/csv"), (row!.Sha256, row.Size, row.ContentType));
        Assert.Equal(file.Bytes, await Store.BytesAsync(id, false));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("admin")).GetAsync($"/api/v1/attachments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("admin")).GetAsync("/api/v1/attachments/999999")).StatusCode);
        await using var c2 = await db.OpenAsync();
        await c2.ExecuteAsync("DELETE FROM attachments WHERE id = @id", new { id });
    }

    [Fact]
    public async Task Over_the_class_quota_the_owner_transaction_stores_nothing()
    {
        var db = app.Get<Db>();
        var small = new AttachmentStore(db, Microsoft.Extensions.Options.Options.Create(new AttachmentOptions { QuotaPerCohortBytes = 20 }),
            app.Get<SheetUpload>(), app.Get<CommunityAcademy.Web.Infrastructure.Web.Texts>(), app.Clock);
        long cohort;
        await using (var c = await db.OpenAsync()) cohort = await c.ExecuteScalarAsync<long>("SELECT MIN(id) FROM cohorts");
        var (file, _) = small.Prepare(Encoding.UTF8.GetBytes("a,b\n1,2\n"), "x.csv", AttachmentUses.Receipt); // 8 bytes
        var before = await small.CountAsync();
        var first = await db.InTransactionAsync((c, tx) => small.InsertAsync(c, tx, file!, "quota-test", 1, cohort, null));
        var second = await db.InTransactionAsync((c, tx) => small.InsertAsync(c, tx, file!, "quota-test", 2, cohort, null));
        // The third would make 24 bytes: refused with a message, and the owner's whole transaction rolls back.
        var e = await Assert.ThrowsAsync<AttachmentRefusedException>(() => db.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("INSERT INTO audit_log (at, entity, entity_id, action) VALUES (@at, 'quota-test', 3, 'test')", new { at = app.Clock.GetUtcNow() }, tx);
            return await small.InsertAsync(c, tx, file!, "quota-test", 3, cohort, null);
        }));
        Assert.Contains("已达上限", e.Message);
        Assert.Equal(before + 2, await small.CountAsync());
        await using var c2 = await db.OpenAsync();
        Assert.Equal(0, await c2.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'quota-test'"));
        await c2.ExecuteAsync("DELETE FROM attachments WHERE owner_kind = 'quota-test'");
        Assert.NotEqual(first, second);
    }

    private static byte[] Bytes(string kind) => kind switch
    {
        "exe" => [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0],
        "empty" => [],
        "oversized" => Encoding.UTF8.GetBytes(new string('a', 20 * 1024 * 1024 + 1)),
        "zipbomb" => ZipBomb(),
        "pdf-as-xlsx" => Encoding.ASCII.GetBytes("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"),
        "csv-as-xlsx" => Encoding.UTF8.GetBytes("姓名,联系方式\n张三,13800000000\n"),
        "truncated" => Jpeg(400, 300, SKColors.Red, SKColors.Blue) is var full ? full[..(full.Length / 2)] : [],
        "heic" => [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'h', (byte)'e', (byte)'i', (byte)'c', 0, 0, 0, 0, (byte)'m', (byte)'i', (byte)'f', (byte)'1', (byte)'h', (byte)'e', (byte)'i', (byte)'c'],
        _ => throw new ArgumentException(kind),
    };

    /// <summary>An .xlsx whose one sheet unzips to 300 MB of zeros (well over Imports:MaxUnzippedBytes).</summary>
    private static byte[] ZipBomb()
    {
        var ms = new MemoryStream();
        using (var z = new ZipArchive(ms, ZipArchiveMode.Create, true))
        {
            using (var s = z.CreateEntry("[Content_Types].xml").Open()) s.Write("<Types/>"u8);
            using (var s = z.CreateEntry("xl/workbook.xml").Open()) s.Write("<workbook/>"u8);
            using (var s = z.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open())
            {
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < 300; i++) s.Write(zeros);
            }
        }
        return ms.ToArray();
    }

    internal static byte[] Jpeg(int w, int h, SKColor left, SKColor right)
    {
        using var bmp = new SKBitmap(w, h);
        using (var canvas = new SKCanvas(bmp))
        {
            using var l = new SKPaint { Color = left };
            using var r = new SKPaint { Color = right };
            canvas.DrawRect(0, 0, w / 2f, h, l);
            canvas.DrawRect(w / 2f, 0, w / 2f, h, r);
        }
        using var img = SKImage.FromBitmap(bmp);
        using var data = img.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    /// <summary>The JPEG with an APP1 EXIF block after SOI: IFD0 with Orientation and a GPS directory (latitude 30°N).</summary>
    internal static byte[] WithExif(byte[] jpeg, ushort orientation)
    {
        var t = new List<byte>();
        void u16(int v) { t.Add((byte)(v >> 8)); t.Add((byte)v); }
        void u32(int v) { u16(v >> 16); u16(v & 0xFFFF); }
        t.AddRange("MM"u8.ToArray()); u16(42); u32(8);
        // IFD0 at 8: 2 entries (12 bytes each) + next-IFD offset → GPS IFD at 8 + 2 + 24 + 4 = 38.
        u16(2);
        u16(0x0112); u16(3); u32(1); u16(orientation); u16(0);
        u16(0x8825); u16(4); u32(1); u32(38);
        u32(0);
        // GPS IFD at 38: GPSLatitudeRef "N", GPSLatitude 30/1 0/1 0/1 (rationals at 38 + 2 + 24 + 4 = 68).
        u16(2);
        u16(0x0001); u16(2); u32(2); t.Add((byte)'N'); t.Add(0); u16(0);
        u16(0x0002); u16(5); u32(3); u32(68);
        u32(0);
        u32(30); u32(1); u32(0); u32(1); u32(0); u32(1);
        var payload = "Exif\0\0"u8.ToArray().Concat(t).ToArray();
        var segment = new List<byte> { 0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2) };
        segment.AddRange(payload);
        return jpeg.Take(2).Concat(segment).Concat(jpeg.Skip(2)).ToArray();
    }

    private static bool Contains(byte[] hay, byte[] needle) => hay.AsSpan().IndexOf(needle) >= 0;
}

public sealed class AttachmentStoreTests_Sqlite(SqliteDemo app) : AttachmentStoreTests(app), IClassFixture<SqliteDemo>;
public sealed class AttachmentStoreTests_Postgres(PostgresDemo app) : AttachmentStoreTests(app), IClassFixture<PostgresDemo>;
