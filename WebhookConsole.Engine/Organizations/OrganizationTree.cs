namespace WebhookConsole.Engine.Organizations;

/// <summary>The parent links of every organization, to find an organization's sub-organizations at any depth.</summary>
public sealed class OrganizationTree(IReadOnlyDictionary<Guid, Guid?> parents)
{
    /// <summary><paramref name="root"/> and every organization below it.</summary>
    public IReadOnlySet<Guid> SelfAndDescendants(Guid root)
    {
        var children = parents.Where(p => p.Value is not null).ToLookup(p => p.Value!.Value, p => p.Key);
        var found = new HashSet<Guid>();
        var pending = new Stack<Guid>([root]);
        while (pending.TryPop(out var id))
        {
            if (parents.ContainsKey(id) && found.Add(id))
            {
                foreach (var child in children[id])
                {
                    pending.Push(child);
                }
            }
        }

        return found;
    }

    /// <summary>Every organization of the hub.</summary>
    public IReadOnlySet<Guid> All => parents.Keys.ToHashSet();
}
