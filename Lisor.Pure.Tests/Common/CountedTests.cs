using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Common;

public class CountedTests
{
    [TestCase(0, "0 states")]
    [TestCase(1, "1 state")]
    [TestCase(2, "2 states")]
    [TestCase(12345678901, "12345678901 states")]
    public void A_count_takes_the_noun_in_the_singular_only_for_one(long n, string expected)
        => Assert.That(Counted.Of(n, "state"), Is.EqualTo(expected));

    [Test]
    public void An_irregular_plural_is_given()
        => Assert.That(Counted.Of(3, "child", "children") + ", " + Counted.Of(1, "child", "children"), Is.EqualTo("3 children, 1 child"));
}
