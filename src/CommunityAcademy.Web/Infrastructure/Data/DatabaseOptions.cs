namespace CommunityAcademy.Web.Infrastructure.Data;

/// <summary>Bound from configuration "Database" (so also Database__Provider / Database__ConnectionString).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    /// <summary>"sqlite" (default) or "postgres".</summary>
    public string Provider { get; set; } = "sqlite";
    public string ConnectionString { get; set; } = "Data Source=data/communityacademy.db";
}
