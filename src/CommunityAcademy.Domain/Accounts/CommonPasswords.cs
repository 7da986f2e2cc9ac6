namespace CommunityAcademy.Domain.Accounts;

/// <summary>
/// Passwords people choose first, so guessers try first: the common lists, Chinese favourites (5201314 我爱你一生一世,
/// 888888, 147258, woaini1314, qq123456 …), keyboard walks, repeats, years. Compared in lower case.
/// </summary>
public static class CommonPasswords
{
    public static bool Contains(string password) => Set.Contains(password.ToLowerInvariant());

    public static int Count => Set.Count;

    private static readonly HashSet<string> Set = new(StringComparer.Ordinal)
    {
        "123456", "123456789", "12345678", "12345", "1234567", "1234567890", "111111", "000000",
        "123123", "123321", "654321", "666666", "888888", "999999", "555555", "777777",
        "222222", "333333", "444444", "112233", "121212", "123654", "147258", "147258369",
        "159357", "159753", "168168", "520520", "5201314", "1314520", "521521", "520131",
        "201314", "1314521", "7758521", "7758258", "584520", "246810", "11111111", "00000000",
        "88888888", "66666666", "12344321", "11223344", "12341234", "123456a", "123456aa", "a123456",
        "a12345678", "a123456789", "aa123456", "aa12345678", "abc123", "abc1234", "abc12345", "abc123456",
        "abcd1234", "abcd123456", "a1b2c3", "a1b2c3d4", "a1b2c3d4e5", "1a2b3c4d", "1q2w3e4r", "1q2w3e4r5t",
        "1qaz2wsx", "1qaz2wsx3edc", "qaz123456", "qwe123", "qwe12345", "qwe123456", "qweasd123", "qweasdzxc",
        "qwer1234", "qwert12345", "qwerty", "qwerty1", "qwerty12", "qwerty123", "qwerty1234", "qwertyuiop",
        "asdf1234", "asd123456", "asdasd123", "asdfghjkl", "zxc123456", "zxcvbnm", "zxcvbnm123", "zxcvbn123",
        "password", "password1", "password12", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "pass1234",
        "pass123456", "admin", "admin123", "admin1234", "admin12345", "admin888", "admin@123", "root123",
        "root1234", "test123", "test1234", "test12345", "iloveyou", "iloveyou1", "iloveyou520", "woaini",
        "woaini1314", "woaini520", "woaini123", "woaini521", "woaini1314520", "5201314a", "a5201314", "woshishui",
        "woaiwojia", "wangyang", "wangjian", "zhangwei", "liuyang", "qq123456", "qq1234567", "qq5201314",
        "qq123123", "qwe123qwe", "aaa111", "aaa123456", "aaaaaaaa", "abcdefg", "abcdefgh", "abcdefg123",
        "abc@123", "abc123abc", "a111111", "a11111111", "a000000", "a888888", "a666666", "a123123",
        "a12345", "q123456", "q1234567", "q123456789", "w123456", "z123456", "x123456", "s123456",
        "li123456", "zhang123", "wang123", "wang123456", "liu123456", "chen123456", "yang123456", "zhao123456",
        "huang123", "zhou123456", "wu123456", "huawei123", "xiaomi123", "taobao123", "baidu123", "tencent123",
        "weixin123", "wechat123", "china123", "china2008", "beijing2008", "shanghai123", "zhongguo", "zhongguo123",
        "woaizhongguo", "1234qwer", "1234abcd", "12345qwert", "123qwe", "123qweasd", "123qweasdzxc", "123abc",
        "123456abc", "123456qq", "123456789a", "12345678a", "1234567a", "123abc456", "520abc", "5211314",
        "1314woaini", "123456789abc", "987654321", "9876543210", "87654321", "7654321", "1111111", "1111111111",
        "0123456789", "01234567", "12345678910", "147852369", "147852", "258369", "369258", "741852963",
        "789456123", "789456", "456789", "456123", "321654", "135246", "135792468", "13579",
        "1357924680", "246813579", "102030", "123qwe123", "888888888", "666888", "168888", "518518",
        "6666666", "8888888", "9999999", "99999999", "77777777", "55555555", "22222222", "33333333",
        "44444444", "qwertyui", "asdfghjk", "zxcvbnma", "1qazxsw2", "2wsx3edc", "zaq12wsx", "!qaz2wsx",
        "1q2w3e", "1q2w3e4r5t6y", "superman", "batman", "dragon", "monkey", "letmein", "trustno1",
        "sunshine", "princess", "football", "baseball", "welcome", "welcome1", "welcome123", "master",
        "shadow", "michael", "jennifer", "hunter2", "freedom", "whatever", "starwars", "computer",
        "internet", "samsung", "google123", "apple123", "hello123", "hello1234", "helloworld", "love1234",
        "lovely", "loveme", "iloveu", "1loveyou", "charlie", "donald", "ninja", "mustang",
        "access", "flower", "hottie", "loveyou", "jordan23", "654321a", "123456q", "123456z",
        "12qwaszx", "q1w2e3r4", "q1w2e3r4t5", "a1s2d3f4", "z1x2c3v4", "1a2s3d4f", "xiaoming", "xiaoqiang",
        "wodemima", "mima123456", "mima1234", "mima123", "nihao123", "nihao123456", "woaini1", "woaini12",
        "woaini123456", "5201314520", "1314520520", "abcabc123", "asdasd", "asdqwe123", "qazwsx", "qazwsx123",
        "qazwsxedc", "123asd", "123asd123", "aini1314", "ai1314", "521125", "zxcv1234", "qwe1234",
        "1234asdf", "112358", "11235813", "csdn123", "csdn123456", "000000a", "111111a", "666666a",
        "888888a", "123321a", "5201314qq", "abc888", "abc666", "a5211314", "ww123456", "www123456",
        "qqqqqq", "qqq111", "aaaaaa", "aa123123", "abc123123", "admin666", "demo123", "test1",
        "guest123", "user123", "user1234", "changeme", "changeme123", "default", "88888888a", "66666666a",
        "123456789q", "12345678q", "qwerty12345", "password1234", "password12345", "iloveyou123", "iloveyou1314", "forever1314",
        "1314forever", "20082008", "19491001", "19491949", "20102010", "20202020", "20212021", "20222022",
        "20232023", "20242024", "20252025", "20262026",
    };
}
