using DiffPlex;
using DiffPlex.Chunkers;

namespace CommunityAcademy.Web.Features.Reviews;

/// <summary>A piece of one side of a diff: text kept, deleted (old side) or inserted (new side).</summary>
public sealed record DiffPiece(string Text, DiffKind Kind);
public enum DiffKind { Same, Deleted, Inserted }

/// <summary>Two versions of a text side by side, changed characters marked (Chinese has no spaces between words: by character).</summary>
public static class PlanDiff
{
    /// <summary>One side as HTML, in one piece (no whitespace between the marks: the text is shown as written).</summary>
    public static Microsoft.AspNetCore.Html.HtmlString Html(IReadOnlyList<DiffPiece> side) => new(string.Concat(side.Select(p => p.Kind switch
    {
        DiffKind.Deleted => $"<del class=\"diff-del\">{System.Net.WebUtility.HtmlEncode(p.Text)}</del>",
        DiffKind.Inserted => $"<ins class=\"diff-ins\">{System.Net.WebUtility.HtmlEncode(p.Text)}</ins>",
        _ => System.Net.WebUtility.HtmlEncode(p.Text),
    })));

    public static (IReadOnlyList<DiffPiece> Old, IReadOnlyList<DiffPiece> New) Compare(string? oldText, string? newText)
    {
        oldText ??= "";
        newText ??= "";
        var result = Differ.Instance.CreateDiffs(oldText, newText, false, false, CharacterChunker.Instance);
        var a = result.PiecesOld;
        var b = result.PiecesNew;
        var left = new List<DiffPiece>();
        var right = new List<DiffPiece>();
        int i = 0, j = 0;
        foreach (var block in result.DiffBlocks)
        {
            Add(left, string.Concat(a.Skip(i).Take(block.DeleteStartA - i)), DiffKind.Same);
            Add(right, string.Concat(b.Skip(j).Take(block.InsertStartB - j)), DiffKind.Same);
            Add(left, string.Concat(a.Skip(block.DeleteStartA).Take(block.DeleteCountA)), DiffKind.Deleted);
            Add(right, string.Concat(b.Skip(block.InsertStartB).Take(block.InsertCountB)), DiffKind.Inserted);
            i = block.DeleteStartA + block.DeleteCountA;
            j = block.InsertStartB + block.InsertCountB;
        }
        Add(left, string.Concat(a.Skip(i)), DiffKind.Same);
        Add(right, string.Concat(b.Skip(j)), DiffKind.Same);
        return (left, right);

        static void Add(List<DiffPiece> list, string text, DiffKind kind)
        {
            if (text.Length == 0) return;
            if (list.Count > 0 && list[^1].Kind == kind) list[^1] = list[^1] with { Text = list[^1].Text + text };
            else list.Add(new DiffPiece(text, kind));
        }
    }
}
