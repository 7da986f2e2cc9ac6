using CommunityAcademy.Web.Infrastructure.Data;

namespace CommunityAcademy.Web.Tests.Infrastructure;

public class DialectDdlTests
{
    [Fact]
    public void A_part_for_one_database_is_kept_for_it_and_dropped_for_the_other()
    {
        const string ddl = "A;\n{{postgres: ALTER TABLE t DROP CONSTRAINT k; }}\n{{sqlite: PRAGMA x;\nPRAGMA y; }}\nB;";
        Assert.Equal("A;\n ALTER TABLE t DROP CONSTRAINT k; \n\nB;", new PostgresDialect().ExpandDdl(ddl));
        Assert.Equal("A;\n\n PRAGMA x;\nPRAGMA y; \nB;", new SqliteDialect().ExpandDdl(ddl));
    }
}
