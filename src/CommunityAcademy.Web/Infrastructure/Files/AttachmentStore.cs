using System.Data.Common;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Web;
using Dapper;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace CommunityAcademy.Web.Infrastructure.Files;

/// <summary>Limits of the attachment store (configuration section "Attachments").</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Attachments";
    public long MaxBytes { get; set; } = 20L * 1024 * 1024;
    /// <summary>A video's own limit (an MP4 for a case push, #21): larger than other files'.</summary>
    public long MaxVideoBytes { get; set; } = 100L * 1024 * 1024;
    /// <summary>The largest request a page or endpoint that takes a video accepts (the form around the file included):
    /// <see cref="MaxVideoBytes"/> above it is cut to it.</summary>
    public const long VideoRequestLimit = 260L * 1024 * 1024;
    public long QuotaPerCohortBytes { get; set; } = 500L * 1024 * 1024;
    /// <summary>The longer side of an image's display copy, in pixels.</summary>
    public int DisplayMaxPixels { get; set; } = 1600;
}

/// <summary>What a file is, decided from its content (never from its name).</summary>
public enum AttachmentKind { Xlsx, Xls, Csv, Pdf, Docx, Jpeg, Png, WebP, Mp4 }

/// <summary>Which kinds each use accepts.</summary>
public static class AttachmentUses
{
    public static readonly IReadOnlySet<AttachmentKind> Receipt = new HashSet<AttachmentKind> { AttachmentKind.Xlsx, AttachmentKind.Xls, AttachmentKind.Csv };
    public static readonly IReadOnlySet<AttachmentKind> Images = new HashSet<AttachmentKind> { AttachmentKind.Jpeg, AttachmentKind.Png, AttachmentKind.WebP };
    /// <summary>A video (MP4: H.264/AAC plays in every phone's browser), e.g. a case push's.</summary>
    public static readonly IReadOnlySet<AttachmentKind> Videos = new HashSet<AttachmentKind> { AttachmentKind.Mp4 };
    /// <summary>What an online module carries: images and videos (#21).</summary>
    public static readonly IReadOnlySet<AttachmentKind> ImagesAndVideos = new HashSet<AttachmentKind>
        { AttachmentKind.Jpeg, AttachmentKind.Png, AttachmentKind.WebP, AttachmentKind.Mp4 };
    public static readonly IReadOnlySet<AttachmentKind> Documents = new HashSet<AttachmentKind>
        { AttachmentKind.Pdf, AttachmentKind.Docx, AttachmentKind.Xlsx, AttachmentKind.Jpeg, AttachmentKind.Png, AttachmentKind.WebP };
}

/// <summary>A checked file ready to store: the bytes kept (an image re-encoded upright without metadata) and a display copy.</summary>
public sealed record AttachmentFile(string FileName, AttachmentKind Kind, string ContentType, byte[] Bytes, byte[]? DisplayBytes, string Sha256);

public sealed class AttachmentRow
{
    public long Id { get; init; }
    public string OwnerKind { get; init; } = "";
    public long OwnerId { get; init; }
    public long? CohortId { get; init; }
    public string FileName { get; init; } = "";
    public string ContentType { get; init; } = "";
    public long Size { get; init; }
    public string Sha256 { get; init; } = "";
    public bool HasDisplay { get; init; }
    public long? CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A file refused at the last moment (the class's quota), thrown inside the owner's transaction so nothing is stored.</summary>
public sealed class AttachmentRefusedException(string message) : Exception(message);

/// <summary>
/// Who may download the files of one owner kind: the owner's own rule (a receipt's file goes to whoever may see the receipt).
/// Every feature that keeps files registers one; a file whose owner kind has none is never served.
/// </summary>
public interface IAttachmentOwnerAccess
{
    string OwnerKind { get; }
    Task<bool> MaySeeAsync(Security.CurrentUser me, long ownerId);
}

/// <summary>
/// The one attachment store: bytes in the database (web nodes stay stateless), a size limit per file and a quota per
/// class, the type decided from the content against the use's allow-list, images decoded (a truncated one is refused),
/// turned upright from their EXIF orientation, re-encoded without metadata (GPS gone) and given a display copy; HEIC,
/// executables, zip bombs, empty and oversized files refused with a message. Nothing is stored on refusal.
/// </summary>
public sealed class AttachmentStore(Db db, IOptions<AttachmentOptions> options, SheetUpload sheets, Texts texts, TimeProvider clock)
{
    public AttachmentOptions Limits => options.Value;

    /// <summary>The size limit of a kind: a video's own, every other kind's the same.</summary>
    public long MaxBytesOf(AttachmentKind kind) => kind == AttachmentKind.Mp4 ? VideoLimit : Limits.MaxBytes;

    private long VideoLimit => Math.Min(Limits.MaxVideoBytes, AttachmentOptions.VideoRequestLimit - 1024 * 1024);

    /// <summary>The largest file a use may take (a use with videos: the video limit).</summary>
    public long MaxBytesFor(IReadOnlySet<AttachmentKind> allowed) => allowed.Max(MaxBytesOf);

    /// <summary>Reads an upload up to the size limit; an oversized or empty one is refused before its bytes are kept.</summary>
    public Task<(byte[]? Bytes, string? Error)> ReadAsync(IFormFile file) => ReadAsync(file, AttachmentUses.Documents);

    /// <summary>Reads an upload up to the largest limit of the use (each kind's own is checked again by <see cref="Prepare"/>).</summary>
    public async Task<(byte[]? Bytes, string? Error)> ReadAsync(IFormFile file, IReadOnlySet<AttachmentKind> allowed)
    {
        if (file.Length == 0) return (null, texts["Attachments.Empty"]);
        var max = MaxBytesFor(allowed);
        if (file.Length > max) return (null, TooLarge(max));
        await using var s = file.OpenReadStream();
        using var ms = new MemoryStream((int)file.Length);
        await s.CopyToAsync(ms);
        return (ms.ToArray(), null);
    }

    private string TooLarge(long max) => texts["Attachments.TooLarge", max / 1024 / 1024];

    /// <summary>Checks a file for a use; the answer is the file to store or the message saying why not.</summary>
    public (AttachmentFile? File, string? Error) Prepare(byte[] bytes, string fileName, IReadOnlySet<AttachmentKind> allowed)
    {
        // A crafted file may break a parser in ways nobody listed: it is refused, never a 500.
        try { return Check(bytes, fileName, allowed); }
        catch (Exception e) when (e is not OutOfMemoryException) { return (null, texts["Attachments.Broken"]); }
    }

    private (AttachmentFile? File, string? Error) Check(byte[] bytes, string fileName, IReadOnlySet<AttachmentKind> allowed)
    {
        fileName = Path.GetFileName(fileName ?? "");
        if (fileName.Length == 0) fileName = "file";
        if (bytes.Length == 0) return (null, texts["Attachments.Empty"]);
        if (bytes.Length > MaxBytesFor(allowed)) return (null, TooLarge(MaxBytesFor(allowed)));
        var (kind, problem) = Sniff(bytes);
        if (problem is not null) return (null, texts[problem]);
        if (kind is not { } k || !allowed.Contains(k)) return (null, texts["Attachments.NotAllowed", string.Join("、", allowed.SelectMany(Extensions).Distinct())]);
        if (bytes.Length > MaxBytesOf(k)) return (null, TooLarge(MaxBytesOf(k)));
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        if (ext.Length > 0 && !Extensions(k).Contains(ext))
            return (null, texts["Attachments.Mismatch", fileName, Extensions(k)[0]]);

        if (k is AttachmentKind.Xlsx)
        {
            try { SheetGuard.CheckXlsx(bytes, bytes.Length, sheets.Limits); }
            catch (SpreadsheetException e) { return (null, sheets.Message(e)); }
            catch (InvalidDataException) { return (null, texts["Attachments.Broken"]); }
        }
        else if (k is AttachmentKind.Docx && ZipTooLarge(bytes) is { } zipProblem) return (null, zipProblem);

        if (k is AttachmentKind.Jpeg or AttachmentKind.Png or AttachmentKind.WebP)
        {
            var image = Image(bytes);
            if (image is null) return (null, texts["Attachments.BrokenImage"]);
            var (stored, display, png) = image.Value;
            return (new AttachmentFile(png ? Path.ChangeExtension(fileName, ".png") : Path.ChangeExtension(fileName, ".jpg"),
                png ? AttachmentKind.Png : AttachmentKind.Jpeg, png ? "image/png" : "image/jpeg", stored, display, Hash(stored)), null);
        }
        return (new AttachmentFile(fileName, k, ContentType(k), bytes, null, Hash(bytes)), null);
    }

    private string? ZipTooLarge(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, false), ZipArchiveMode.Read);
            long declared = 0;
            foreach (var e in zip.Entries)
            {
                declared += e.Length;
                if (e.CompressedLength > 0 && e.Length / e.CompressedLength > 200 && e.Length > 1024 * 1024) return sheets.Message(SheetGuard.TooLarge(sheets.Limits));
            }
            return declared > sheets.Limits.MaxUnzippedBytes ? sheets.Message(SheetGuard.TooLarge(sheets.Limits)) : null;
        }
        catch (InvalidDataException) { return texts["Attachments.Broken"]; }
    }

    private static string Hash(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    public static string[] Extensions(AttachmentKind k) => k switch
    {
        AttachmentKind.Xlsx => [".xlsx"],
        AttachmentKind.Xls => [".xls"],
        AttachmentKind.Csv => [".csv", ".txt"],
        AttachmentKind.Pdf => [".pdf"],
        AttachmentKind.Docx => [".docx"],
        AttachmentKind.Jpeg => [".jpg", ".jpeg"],
        AttachmentKind.Png => [".png"],
        AttachmentKind.Mp4 => [".mp4", ".m4v"],
        _ => [".webp"],
    };

    public static string ContentType(AttachmentKind k) => k switch
    {
        AttachmentKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        AttachmentKind.Xls => "application/vnd.ms-excel",
        AttachmentKind.Csv => "text/csv",
        AttachmentKind.Pdf => "application/pdf",
        AttachmentKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        AttachmentKind.Jpeg => "image/jpeg",
        AttachmentKind.Png => "image/png",
        AttachmentKind.Mp4 => "video/mp4",
        _ => "image/webp",
    };

    /// <summary>The kind from the first bytes (and a zip's parts); a problem is a resource key.</summary>
    public static (AttachmentKind? Kind, string? Problem) Sniff(byte[] b)
    {
        bool at(int offset, ReadOnlySpan<byte> sig) => b.Length >= offset + sig.Length && b.AsSpan(offset, sig.Length).SequenceEqual(sig);
        if (at(0, "MZ"u8) || at(0, [0x7F, (byte)'E', (byte)'L', (byte)'F']) || at(0, "#!"u8) || at(0, [0xCF, 0xFA, 0xED, 0xFE]) || at(0, [0xCA, 0xFE, 0xBA, 0xBE]))
            return (null, "Attachments.Executable");
        if (at(4, "ftyp"u8) && b.Length >= 12)
        {
            var brand = Encoding.ASCII.GetString(b, 8, 4);
            if (brand is "heic" or "heix" or "hevc" or "hevx" or "heim" or "heis" or "mif1" or "msf1" or "avif") return (null, "Attachments.Heic");
            // MP4 (ISO base media): the ftyp box's major brand; QuickTime (qt), 3GP and others are not MP4.
            if (brand is "isom" or "iso2" or "iso4" or "iso5" or "iso6" or "mp41" or "mp42" or "avc1" or "M4V " or "dash" or "mmp4" && FtypBoxFits(b))
                return (AttachmentKind.Mp4, null);
            return (null, null);
        }
        if (at(0, [0xFF, 0xD8, 0xFF])) return (AttachmentKind.Jpeg, null);
        if (at(0, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return (AttachmentKind.Png, null);
        if (at(0, "RIFF"u8) && at(8, "WEBP"u8)) return (AttachmentKind.WebP, null);
        if (at(0, "%PDF-"u8)) return (AttachmentKind.Pdf, null);
        if (at(0, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])) return (AttachmentKind.Xls, null);
        if (at(0, [(byte)'P', (byte)'K', 3, 4]))
        {
            try
            {
                using var zip = new ZipArchive(new MemoryStream(b, false), ZipArchiveMode.Read);
                var names = zip.Entries.Select(e => e.FullName).ToList();
                if (names.Contains("[Content_Types].xml"))
                {
                    if (names.Any(n => n.StartsWith("xl/", StringComparison.Ordinal))) return (AttachmentKind.Xlsx, null);
                    if (names.Any(n => n.StartsWith("word/", StringComparison.Ordinal))) return (AttachmentKind.Docx, null);
                }
                return (null, null);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or NotSupportedException) { return (null, "Attachments.Broken"); }
        }
        // Text: no NUL byte, and UTF-8 or GB18030 throughout.
        if (b.AsSpan().IndexOf((byte)0) >= 0) return (null, null);
        if (Decodes(new UTF8Encoding(false, true), b) || Decodes(Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback), b))
            return (AttachmentKind.Csv, null);
        return (null, null);
    }

    /// <summary>The first box of an MP4 is an ftyp box of 8 + 4·n bytes (at least 16) inside the file.</summary>
    private static bool FtypBoxFits(byte[] b)
    {
        var size = (long)(uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        return size >= 16 && size <= 4096 && size % 4 == 0 && size <= b.Length;
    }

    static AttachmentStore() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static bool Decodes(Encoding e, ReadOnlySpan<byte> b)
    {
        try { e.GetCharCount(b); return true; }
        catch (DecoderFallbackException) { return false; }
    }

    /// <summary>
    /// Decodes a photo completely (a truncated one is refused), turns it upright from its EXIF orientation and encodes it
    /// again — Skia writes no metadata, so GPS and the rest are gone — plus a display copy at most DisplayMaxPixels a side.
    /// </summary>
    private (byte[] Stored, byte[] Display, bool Png)? Image(byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null) return null;
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > 100_000_000) return null;
        var png = codec.EncodedFormat == SKEncodedImageFormat.Png;
        info = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, png ? SKAlphaType.Unpremul : SKAlphaType.Opaque);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success) return null; // IncompleteInput: a truncated file
        using var upright = Upright(decoded, codec.EncodedOrigin);
        var format = png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        byte[] encode(SKBitmap bmp, int quality)
        {
            using var img = SKImage.FromBitmap(bmp);
            using var d = img.Encode(format, quality);
            return d.ToArray();
        }
        var stored = encode(upright, 92);
        var max = Math.Max(upright.Width, upright.Height);
        byte[] display;
        if (max <= Limits.DisplayMaxPixels) display = encode(upright, 85);
        else
        {
            var scale = (double)Limits.DisplayMaxPixels / max;
            using var small = upright.Resize(new SKImageInfo(Math.Max(1, (int)(upright.Width * scale)), Math.Max(1, (int)(upright.Height * scale)), upright.ColorType, upright.AlphaType),
                new SKSamplingOptions(SKCubicResampler.Mitchell));
            display = encode(small, 85);
        }
        return (stored, display, png);
    }

    /// <summary>The bitmap as the camera meant it to be seen.</summary>
    public static SKBitmap Upright(SKBitmap src, SKEncodedOrigin origin)
    {
        float w = src.Width, h = src.Height;
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        // x' = ScaleX·x + SkewX·y + TransX; y' = SkewY·x + ScaleY·y + TransY
        var m = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
        var dst = new SKBitmap(new SKImageInfo(swap ? src.Height : src.Width, swap ? src.Width : src.Height, src.ColorType, src.AlphaType));
        using var canvas = new SKCanvas(dst);
        canvas.Clear(SKColors.Transparent);
        canvas.SetMatrix(m);
        canvas.DrawBitmap(src, 0, 0);
        canvas.Flush();
        return dst;
    }

    /// <summary>
    /// Stores a checked file inside the owner's transaction; over the class's quota throws <see cref="AttachmentRefusedException"/>
    /// so the owner's transaction stores nothing.
    /// </summary>
    public async Task<long> InsertAsync(DbConnection c, DbTransaction tx, AttachmentFile f, string ownerKind, long ownerId, long? cohortId, long? createdBy)
    {
        if (cohortId is { } cohort)
        {
            var used = await c.ExecuteScalarAsync<long?>("SELECT SUM(size) FROM attachments WHERE cohort_id = @cohort", new { cohort }, tx) ?? 0;
            if (used + f.Bytes.Length > Limits.QuotaPerCohortBytes)
                throw new AttachmentRefusedException(texts["Attachments.Quota", Limits.QuotaPerCohortBytes / 1024 / 1024]);
        }
        return await c.ExecuteScalarAsync<long>("""
            INSERT INTO attachments (owner_kind, owner_id, cohort_id, file_name, content_type, size, sha256, bytes, display_bytes, created_by, created_at)
            VALUES (@ownerKind, @ownerId, @cohortId, @FileName, @ContentType, @size, @Sha256, @Bytes, @DisplayBytes, @createdBy, @now) RETURNING id
            """, new { ownerKind, ownerId, cohortId, f.FileName, f.ContentType, size = (long)f.Bytes.Length, f.Sha256, f.Bytes, f.DisplayBytes, createdBy, now = clock.GetUtcNow() }, tx);
    }

    /// <summary>Removes an owner's files inside the owner's transaction (the owner's row goes in the same transaction).</summary>
    public static Task RemoveAsync(DbConnection c, DbTransaction tx, string ownerKind, long ownerId) =>
        c.ExecuteAsync("DELETE FROM attachments WHERE owner_kind = @ownerKind AND owner_id = @ownerId", new { ownerKind, ownerId }, tx);

    private const string Columns = "id, owner_kind, owner_id, cohort_id, file_name, content_type, size, sha256, display_bytes IS NOT NULL AS has_display, created_by, created_at";

    public async Task<AttachmentRow?> FindAsync(long id)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<AttachmentRow>($"SELECT {Columns} FROM attachments WHERE id = @id", new { id });
    }

    /// <summary>A class's files of one owner kind (the owner's feature matches them to its rows).</summary>
    public async Task<IReadOnlyList<AttachmentRow>> ForCohortAsync(string ownerKind, long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<AttachmentRow>($"SELECT {Columns} FROM attachments WHERE owner_kind = @ownerKind AND cohort_id = @cohortId ORDER BY id",
            new { ownerKind, cohortId })).ToList();
    }

    public async Task<byte[]?> BytesAsync(long id, bool display)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<byte[]?>(display ? "SELECT COALESCE(display_bytes, bytes) FROM attachments WHERE id = @id" : "SELECT bytes FROM attachments WHERE id = @id", new { id });
    }

    public async Task<long> CountAsync()
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM attachments");
    }
}
