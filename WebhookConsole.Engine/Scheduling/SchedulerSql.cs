using System.Data;
using System.Data.Common;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Scheduling;

/// <summary>Builds the scheduler's commands: ids and times in the storage formats of <see cref="SqlDialect"/>, nulls typed for PostgreSQL.</summary>
internal sealed class SchedulerSql(SqlDialect dialect)
{
    public ClaimSql Statements { get; } = ClaimSql.For(dialect.Provider);

    public SqlDialect Dialect => dialect;

    public DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value, DbType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                parameter.DbType = type;
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }

    public (string, object?, DbType) Id(string name, Guid id) => (name, dialect.Id(id), DbType.Guid);

    public (string, object?, DbType) Ids(IEnumerable<Guid> ids) => ("@ids", dialect.IdList(ids), DbType.Object);

    public static (string, object?, DbType) Ms(string name, DateTimeOffset? time) => (name, time?.ToUnixTimeMilliseconds(), DbType.Int64);

    public static (string, object?, DbType) Value(string name, object? value, DbType type) => (name, value, type);

    public static DateTimeOffset? ReadTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
