using CommunityAcademy.Domain.Enrollment;

namespace CommunityAcademy.Domain.Tests.Enrollment;

public class ReceiptCheckTests
{
    private const string Committee = "主任及分管的“两委”成员";

    private static UnitLookup Resolve(string name) => name switch
    {
        "滨湖社区" => new(4, null),
        "凤凰街道" => new(3, null),
        "段店镇" => new(null, new Error("Receipt.UnitOutOfScope", "段店镇", "鄂城区")),
        _ => new(null, null),
    };

    private static readonly Dictionary<long, IReadOnlyList<string>> Positions = new()
    {
        [4] = [Committee],
        [3] = ["分管领导及民政办主任"],
    };

    private static ReceiptCheckResult Check(params ReceiptInputRow[] rows) =>
        ReceiptCheck.Check(rows, Resolve, Positions, new Dictionary<string, KnownPerson>
        {
            ["phone:13900000009"] = new("华容区民政局", "李四"),
        });

    private static ReceiptInputRow Row(int n, string unit = "滨湖社区", string name = "张三", string position = Committee,
        string phone = "13812345678", string? gender = null, string? id = null) => new(n, unit, name, position, phone, gender, id);

    [Fact]
    public void A_good_row_is_accepted_with_normalised_values()
    {
        var r = Check(Row(3, position: "主任及分管的\"两委\"成员", phone: "138 1234 5678", gender: "男", id: "11010519491231002x"));
        Assert.True(r.Ok);
        var row = Assert.Single(r.Rows);
        Assert.Equal(Committee, row.Position);
        Assert.Equal("13812345678", row.Phone);
        Assert.Equal("11010519491231002X", row.IdNumber);
        Assert.Equal(4, row.UnitId);
    }

    [Theory]
    [InlineData("", "张三", Committee, "13812345678", null, "单位", "Receipt.UnitEmpty()")]
    [InlineData("不存在社区", "张三", Committee, "13812345678", null, "单位", "Receipt.UnitNotFound(不存在社区)")]
    [InlineData("段店镇", "张三", Committee, "13812345678", null, "单位", "Receipt.UnitOutOfScope(段店镇, 鄂城区)")]
    [InlineData("滨湖社区", "", Committee, "13812345678", null, "姓名", "Receipt.NameEmpty()")]
    [InlineData("滨湖社区", "张三", "", "13812345678", null, "职务", "Receipt.PositionEmpty()")]
    [InlineData("滨湖社区", "张三", "社区书记", "13812345678", null, "职务", "Receipt.WrongPosition(滨湖社区, 社区书记, 主任及分管的“两委”成员)")]
    [InlineData("滨湖社区", "张三", Committee, "", null, "联系方式", "Receipt.PhoneEmpty()")]
    [InlineData("滨湖社区", "张三", Committee, "12345", null, "联系方式", "Receipt.PhoneInvalid(12345)")]
    [InlineData("滨湖社区", "张三", Committee, "13812345678", "110105194912310021", "身份证号", "IdNumber.CheckDigit()")]
    public void Each_problem_names_row_and_column(string unit, string name, string position, string phone, string? id, string column, string rule)
    {
        var r = Check(Row(7, unit, name, position, phone, id: id));
        var e = Assert.Single(r.Errors);
        Assert.Equal(7, e.Row);
        Assert.Equal(column, e.Column);
        Assert.Equal(rule, $"{e.Rule.Code}({string.Join(", ", e.Rule.Args)})");
        Assert.Empty(r.Rows);
    }

    [Fact]
    public void Markup_in_a_name_is_kept_as_text()
    {
        var r = Check(Row(2, name: "<script>alert(1)</script>"));
        Assert.Equal("<script>alert(1)</script>", Assert.Single(r.Rows).Name);
    }

    [Fact]
    public void The_same_person_twice_in_one_receipt_is_an_error_on_the_second_row()
    {
        var r = Check(Row(2), Row(3, name: "张三丰", phone: "+86 13812345678"), Row(4, name: "王五", phone: "13700000000", id: "11010519491231002X"), Row(5, name: "赵六", phone: "13600000000", id: "11010519491231002X"));
        Assert.Equal([3, 5], r.Errors.Select(e => e.Row));
        Assert.Equal(new object[] { 2, "张三" }, r.Errors[0].Rule.Args);
        Assert.Equal("Receipt.SamePhone", r.Errors[0].Rule.Code);
        Assert.Equal("身份证号", r.Errors[1].Column);
    }

    [Fact]
    public void Somebody_already_named_by_another_unit_is_a_warning()
    {
        var r = Check(Row(2, name: "李四", phone: "13900000009"));
        Assert.True(r.Ok);
        var w = Assert.Single(r.Warnings);
        Assert.Equal((2, ReceiptCheck.PhoneColumn, new KnownPerson("华容区民政局", "李四"), false), (w.Row, w.Column, w.Other, w.ById));
    }

    [Fact]
    public void Over_long_cells_and_bad_gender_are_refused()
    {
        Assert.Equal("Receipt.CellTooLong", Check(Row(2, name: new string('张', 300))).Errors[0].Rule.Code);
        Assert.Equal("Receipt.GenderInvalid", Check(Row(2, gender: "M")).Errors[0].Rule.Code);
    }
}
