using CommunityAcademy.Domain.Units;

namespace CommunityAcademy.Domain.Enrollment;

/// <summary>
/// 回执报送单位 by default: the district's only department; else its one department named …民政局; else nobody, and
/// the organizer is asked to choose.
/// </summary>
public static class SubmittingUnit
{
    public static long? Default(UnitTree tree, long scopeId)
    {
        var departments = tree.Subtree(scopeId).Where(n => n.Id != scopeId && n.Kind == UnitKind.Department).ToList();
        if (departments.Count == 1) return departments[0].Id;
        var civilAffairs = departments.Where(n => n.Name.EndsWith("民政局", StringComparison.Ordinal)).ToList();
        return civilAffairs.Count == 1 ? civilAffairs[0].Id : null;
    }
}
