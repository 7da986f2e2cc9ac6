using CommunityAcademy.Domain.Tasks;

namespace CommunityAcademy.Domain.Tests.Tasks;

/// <summary>实践任务 (#19 point 1): the hand-in spec, complete or not, late, overdue, the states, 学时.</summary>
public sealed class TaskRulesTests
{
    private static TaskSpec Spec(string text) => TaskSpec.Parse(text).Value!;

    private static readonly TaskSpec Backbones = Spec("表格|居民骨干|姓名,特长|3\n文本|挖掘过程|20\n照片|活动照片|1");

    private static HandIn With(string? text = null, string[][]? rows = null, int photos = 0, string[]? items = null) => new HandIn(
        text is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["f2"] = text },
        rows is null ? new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>>() : new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>> { ["f1"] = rows },
        items is null ? new Dictionary<string, IReadOnlyList<string>>() : new Dictionary<string, IReadOnlyList<string>> { ["f9"] = items },
        photos == 0 ? new Dictionary<string, int>() : new Dictionary<string, int> { ["f3"] = photos }).Clean();

    private static readonly string[][] ThreeRows = [["陈阿姨", "广场舞"], ["李伯", "调解"], ["小王", "摄影"]];
    private const string Process = "通过入户走访和楼长推荐，找到三位热心居民并了解其特长。";

    [Fact]
    public void The_spec_is_read_as_typed_and_written_back_the_same()
    {
        var s = Backbones;
        Assert.Equal([FieldKind.Table, FieldKind.Text, FieldKind.Photos], s.Fields.Select(f => f.Kind));
        Assert.Equal(["姓名", "特长"], s.Fields[0].ColumnNames);
        Assert.Equal(3, s.Fields[0].Min);
        Assert.Equal(["f1", "f2", "f3"], s.Fields.Select(f => f.Key));
        Assert.Equal("表格|居民骨干|姓名,特长|3\n文本|挖掘过程|20\n照片|活动照片|1", s.Format());
        Assert.Equal(s.Format(), Spec(s.Format()).Format());
    }

    [Theory]
    [InlineData("", "Task.NoFields")]
    [InlineData("图表|x|1", "Task.FieldKind")]
    [InlineData("文本||1", "Task.FieldLabel")]
    [InlineData("表格|骨干|姓名|三", "Task.FieldMin")]
    [InlineData("表格|骨干", "Task.TableColumns")]
    [InlineData("文本|报告|-5", "Task.FieldMin")]
    [InlineData("文本|报告|多", "Task.FieldMin")]
    [InlineData("文本|报告|1|2", "Task.FieldExtra")]
    [InlineData("文本|报告|1\n清单|报告|1", "Task.FieldDuplicate")]
    public void A_bad_spec_is_refused_naming_the_rule(string text, string code) => Assert.Equal(code, TaskSpec.Parse(text).Error!.Code);

    [Fact]
    public void A_complete_hand_in_passes() => Assert.Null(TaskRules.Check(Backbones, With(Process, ThreeRows, 2)));

    [Fact]
    public void An_empty_hand_in_is_refused_even_blank_rows_and_spaces()
    {
        Assert.Equal("Task.Empty", TaskRules.Check(Backbones, HandIn.Empty)!.Code);
        Assert.Equal("Task.Empty", TaskRules.Check(Backbones, With("   ", [["", " "]]))!.Code);
    }

    [Fact]
    public void Fewer_rows_than_asked_are_refused_with_the_numbers()
    {
        var e = TaskRules.Check(Backbones, With(Process, ThreeRows[..2], 1))!;
        Assert.Equal("Task.TooFewRows", e.Code);
        Assert.Equal(["居民骨干", 3, 2], e.Args);
    }

    [Fact]
    public void A_row_with_an_empty_cell_names_its_row_and_column()
    {
        var e = TaskRules.Check(Backbones, With(Process, [["陈阿姨", "广场舞"], ["李伯", ""], ["小王", "摄影"]], 1))!;
        Assert.Equal("Task.RowIncomplete", e.Code);
        Assert.Equal(["居民骨干", 2, "特长"], e.Args);
    }

    [Fact]
    public void A_text_shorter_than_asked_is_refused_and_one_of_exactly_the_length_passes()
    {
        var e = TaskRules.Check(Backbones, With("太短了", ThreeRows, 1))!;
        Assert.Equal(("Task.TextShort", 3), (e.Code, (int)e.Args[2]));
        Assert.Null(TaskRules.Check(Backbones, With(new string('字', 20), ThreeRows, 1)));
        Assert.Equal("Task.TextShort", TaskRules.Check(Backbones, With(new string('字', 19), ThreeRows, 1))!.Code);
    }

    [Fact]
    public void Missing_photos_are_refused_and_a_draft_needs_none_of_it()
    {
        Assert.Equal("Task.TooFewPhotos", TaskRules.Check(Backbones, With(Process, ThreeRows))!.Code);
        Assert.Null(TaskRules.Check(Backbones, With("短", ThreeRows[..1]), draft: true));
        Assert.Null(TaskRules.Check(Backbones, HandIn.Empty, draft: true));
    }

    [Fact]
    public void Entries_for_no_field_or_of_the_wrong_shape_are_refused_even_in_a_draft()
    {
        Assert.Equal("Task.UnknownField", TaskRules.Check(Backbones, With(Process, ThreeRows, 1, items: ["x"]), draft: true)!.Code);
        Assert.Equal("Task.BadRow", TaskRules.Check(Backbones, With(Process, [["只有一列"]], 1), draft: true)!.Code);
    }

    [Fact]
    public void A_list_needs_its_items()
    {
        var needs = Spec("清单|社区需求及发现方式|3");
        var h = new HandIn(new Dictionary<string, string>(), new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>>(),
            new Dictionary<string, IReadOnlyList<string>> { ["f1"] = ["加装电梯（问卷）", " ", "停车难（走访）"] }, new Dictionary<string, int>()).Clean();
        Assert.Equal(("Task.TooFewItems", 2), (TaskRules.Check(needs, h)!.Code, (int)TaskRules.Check(needs, h)!.Args[2]));
    }

    [Fact]
    public void Late_is_after_the_due_instant_and_overdue_only_when_nothing_was_handed_in()
    {
        var due = new DateTimeOffset(2031, 5, 20, 15, 59, 59, TimeSpan.Zero);
        Assert.False(TaskRules.IsLate(due, due));
        Assert.True(TaskRules.IsLate(due, due.AddSeconds(1)));
        Assert.True(TaskRules.IsOverdue(TaskState.NotHandedIn, due, due.AddMinutes(1)));
        Assert.False(TaskRules.IsOverdue(TaskState.NotHandedIn, due, due));
        Assert.False(TaskRules.IsOverdue(TaskState.HandedIn, due, due.AddDays(3)));
    }

    [Fact]
    public void The_states_move_only_as_the_rules_say()
    {
        Assert.Equal(TaskState.HandedIn, TaskRules.HandInFrom(TaskState.NotHandedIn).Value);
        Assert.Equal(TaskState.HandedIn, TaskRules.HandInFrom(TaskState.Returned).Value);
        Assert.Equal("Task.AlreadyAccepted", TaskRules.HandInFrom(TaskState.Accepted).Error!.Code);
        Assert.Equal(TaskState.Returned, TaskRules.ReturnFrom(TaskState.HandedIn, "请补充骨干的联系方式").Value);
        Assert.Equal("Task.OpinionRequired", TaskRules.ReturnFrom(TaskState.HandedIn, " ").Error!.Code);
        Assert.Equal("Task.NothingHandedIn", TaskRules.ReturnFrom(TaskState.NotHandedIn, "x").Error!.Code);
        Assert.Equal("Task.AlreadyReturned", TaskRules.ReturnFrom(TaskState.Returned, "x").Error!.Code);
        Assert.Equal("Task.AlreadyAccepted", TaskRules.ReturnFrom(TaskState.Accepted, "x").Error!.Code);
        Assert.Equal(TaskState.Accepted, TaskRules.ScoreFrom(TaskState.HandedIn).Value);
        Assert.Equal(TaskState.Accepted, TaskRules.ScoreFrom(TaskState.Accepted).Value);
        Assert.Equal("Task.WaitingForRevision", TaskRules.ScoreFrom(TaskState.Returned).Error!.Code);
        Assert.Equal("Task.NothingHandedIn", TaskRules.ScoreFrom(TaskState.NotHandedIn).Error!.Code);
    }

    [Theory]
    [InlineData("2", 2)]
    [InlineData("4.5", 4.5)]
    [InlineData("0", 0)]
    public void Hours_are_read(string text, decimal hours) => Assert.Equal(hours, TaskRules.Hours(text).Value);

    [Theory]
    [InlineData("-1")]
    [InlineData("101")]
    [InlineData("1.25")]
    [InlineData("两")]
    public void Bad_hours_are_refused(string text) => Assert.Equal("Task.Hours", TaskRules.Hours(text).Error!.Code);

    [Fact]
    public void The_default_rubric_scores_completion_and_performance_equally_on_0_to_100()
    {
        var r = TaskRules.DefaultRubric();
        Assert.Null(r.Check());
        Assert.Equal(["完成情况", "完成质量"], r.Criteria.Select(c => c.Name));
        Assert.Equal(85m, r.Total(new Dictionary<string, decimal> { ["completion"] = 90, ["performance"] = 80 }).Value);
    }
}
