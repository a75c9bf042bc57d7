using Xunit.Abstractions;

[assembly: TestCollectionOrderer("WebhookConsole.Tests.Shared.LongestCollectionsFirst", "WebhookConsole.Tests")]

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// Starts the two longest test collections first. xUnit runs as many collections at once as the machine has cores,
/// one test at a time in each, and starts a collection only when a running one ends. The browser collection (every
/// Chromium test, one after another, about six minutes) and the PostgreSQL collection (the crash, multi-node and
/// upgrade tests on one cluster, about five) are chains that cannot be split; started in xUnit's default order they
/// began after most of the short collections, and the PostgreSQL one ran alone at the end for minutes. Started first,
/// side by side, the short collections fill in behind them. The rest keep xUnit's default order (by unique id).
/// </summary>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] First = [BrowserCollection.Name, PostgresCollection.Name];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => Array.IndexOf(First, c.DisplayName) is var index and >= 0 ? index : First.Length)
            .ThenBy(c => c.UniqueID);
}
