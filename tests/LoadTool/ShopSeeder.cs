using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Ecommerce.LoadTool;

/// <summary>
/// Grows a shop to a chosen size straight in its database, with the rows its grains write. A
/// product is a grain state row (state name <c>product</c>) holding the JSON a ProductGrain
/// stores: a listed product's row copied with its sku, name, description and category changed,
/// so whatever else the grain stores comes along; the catalog's trigger
/// (Database/Schema/100-catalog.sql) lists it as it lists a product its grain wrote. An order is
/// the row of a confirmed order the shop already has (one checkout through the API if it has
/// none), with its id, customer and times changed; the orders trigger keeps the read model.
/// Rows go in batches of arrays: each grain key and its hash are computed here (the storage's
/// XxHash32, which SQL lacks), the JSON is made in the database. Seeding again adds only what is
/// missing, so a shop is grown once and measured many times.
/// </summary>
internal static class ShopSeeder
{
    /// <summary>Seeded customers have this many orders each, so "my orders" is one page at any size.</summary>
    public const int OrdersPerCustomer = 10;

    private const int BatchSize = 20_000;

    /// <summary>The sku of product <paramref name="i"/>: the demo catalog's (src/DemoCatalog), which the seeded catalog continues.</summary>
    public static string Sku(int i) => string.Create(CultureInfo.InvariantCulture, $"SKU-{i:D5}");

    /// <summary>How many customers the seeded orders of a shop of <paramref name="orders"/> belong to.</summary>
    public static int Customers(int orders) => Math.Max(1, orders / OrdersPerCustomer);

    /// <summary>Seeded customer <paramref name="c"/>, from 0.</summary>
    public static string Customer(int c) => string.Create(CultureInfo.InvariantCulture, $"scale-{c}");

    /// <summary>
    /// Grows the shop of <paramref name="options"/> (--postgres) to --seed-products and --seed-orders,
    /// and vacuums it; a shop that has them already is left as it is.
    /// </summary>
    public static async Task SeedAsync(LoadOptions options, Shop shop, int products, int orders, TextWriter output)
    {
        await using var db = NpgsqlDataSource.Create(options.Postgres ?? throw new ArgumentException("Seeding needs --postgres."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{options.Url}: {products:N0} products, {orders:N0} orders"));
        var added = await SeedProductsAsync(db, products, output) | await SeedOrdersAsync(db, orders, shop, output);
        if (added)
        {
            await VacuumAsync(db);
        }
    }

    /// <summary>
    /// The ADO.NET grain storage's GrainIdHash of a string key: XxHash32 of its UTF-8 bytes in
    /// reverse order, read as Orleans' StableHash reads the digest (little-endian).
    /// </summary>
    public static int GrainIdHash(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        Array.Reverse(bytes);
        return (int)BinaryPrimitives.ReadUInt32LittleEndian(XxHash32.Hash(bytes));
    }

    /// <summary>Products SKU-00001 to <paramref name="count"/>; those the shop has are kept as they are.</summary>
    private static async Task<bool> SeedProductsAsync(NpgsqlDataSource db, int count, TextWriter output)
    {
        if (count <= 0 || await ExistsAsync(db, "product", "sku:" + Sku(count)))
        {
            return false;
        }
        await using var first = db.CreateCommand("SELECT sku, name, description, category FROM catalog_products WHERE active ORDER BY sku LIMIT 1");
        await using var listed = await first.ExecuteReaderAsync();
        if (!await listed.ReadAsync())
        {
            throw new InvalidOperationException("The catalog is empty: start the system with deploy/local/run.sh first.");
        }
        var (sku, name, description, category) = (listed.GetString(0), listed.GetString(1), listed.GetString(2), listed.GetString(3));
        var template = await TemplateAsync(db, "product", "sku:" + sku);
        string[] pairs = [Pair("sku", sku), Pair("name", name), Pair("description", description), Pair("category", category)];

        // Names, descriptions and categories as the demo catalog makes them (src/DemoCatalog/DemoProducts.cs), so a
        // category or a word matches the same share of the catalog in a shop of any size.
        var sql = """
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                        grainidextensionstring, serviceid, payloadbinary, version)
            SELECT k.hash, 0, 0, $4, 'product', 'sku:' || k.sku, $5,
                   convert_to(replace(replace(replace(replace($6,
                       $7, '"sku":' || to_json(k.sku)::text),
                       $8, '"name":' || to_json(p.name)::text),
                       $9, '"description":' || to_json('The ' || lower(p.name) || ', from the demo catalog.')::text),
                       $10, '"category":' || to_json(p.category)::text), 'UTF8'), 1
            FROM unnest($1::int[], $2::text[], $3::int[]) AS k(i, sku, hash),
                 LATERAL (SELECT (ARRAY['Blue','Red','Green','Oak','Steel','Linen','Copper','Walnut','Ceramic','Wool'])[1 + k.i % 10]
                                 || ' ' || (ARRAY['Mug','Lamp','Chair','Kettle','Scarf','Desk','Bowl','Blanket','Vase','Clock'])[1 + k.i / 10 % 10]
                                 || ' ' || k.i AS name,
                                 (ARRAY['kitchen','lighting','furniture','kitchen','apparel','office','kitchen','home','home','home'])[1 + k.i / 10 % 10] AS category) AS p
            ON CONFLICT DO NOTHING
            """;
        await InBatchesAsync(db, "products", count, output, (command, from, to) =>
        {
            var skus = Enumerable.Range(from, to - from).Select(Sku).ToArray();
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. Enumerable.Range(from, to - from)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = skus });
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. skus.Select(s => GrainIdHash("sku:" + s))] });
            AddTemplate(command, template, pairs);
            return sql;
        });
        return true;
    }

    /// <summary>Confirmed orders 1 to <paramref name="count"/>, <see cref="OrdersPerCustomer"/> per customer, one a second back from the template's.</summary>
    private static async Task<bool> SeedOrdersAsync(NpgsqlDataSource db, int count, Shop shop, TextWriter output)
    {
        if (count <= 0 || await ExistsAsync(db, "order", OrderId(count, count)))
        {
            return false;
        }
        var (id, customer) = await ConfirmedOrderAsync(db, shop);
        var template = await TemplateAsync(db, "order", id);
        string[] pairs = [id, Pair("customerId", customer)];
        var sql = """
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                        grainidextensionstring, serviceid, payloadbinary, version)
            SELECT k.hash, 0, 0, $5, 'order', k.id, $6,
                   convert_to(regexp_replace(replace(replace($7, $8, k.id), $9, '"customerId":' || to_json(k.customer)::text),
                       '"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"',
                       '"' || to_char((timestamptz '2026-01-01 00:00:00+00' - k.i * interval '1 second') AT TIME ZONE 'UTC',
                                      'YYYY-MM-DD"T"HH24:MI:SS.US') || '0+00:00"', 'g'),
                       'UTF8'), 1
            FROM unnest($1::int[], $2::text[], $3::text[], $4::int[]) AS k(i, id, customer, hash)
            ON CONFLICT DO NOTHING
            """;
        await InBatchesAsync(db, "orders", count, output, (command, from, to) =>
        {
            var ids = Enumerable.Range(from, to - from).Select(i => OrderId(i, count)).ToArray();
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. Enumerable.Range(from, to - from)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. Enumerable.Range(from, to - from).Select(i => Customer(i % Customers(count)))] });
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. ids.Select(GrainIdHash)] });
            AddTemplate(command, template, pairs);
            return sql;
        });
        return true;
    }

    /// <summary>Vacuumed and analyzed, as autovacuum keeps tables in service: index-only scans need the visibility map.</summary>
    private static async Task VacuumAsync(NpgsqlDataSource db)
    {
        foreach (var table in new[] { "orleansstorage", "catalog_products", "orders" })
        {
            await using var vacuum = db.CreateCommand($"VACUUM ANALYZE {table}");
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Seeded order <paramref name="i"/>'s id, made as the shop makes an order's (OrderIds.For: a
    /// hash of the customer and the checkout's key), so ids are spread as real ones are.
    /// </summary>
    private static string OrderId(int i, int count)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Customer(i % Customers(count))}\nscale-{i}"));
        return "ord_" + Convert.ToHexStringLower(hash, 0, 12);
    }

    private static string Pair(string name, string value) => $"\"{name}\":{JsonSerializer.Serialize(value)}";

    private sealed record Template(int TypeHash, string ServiceId, string Json);

    private static async Task<Template> TemplateAsync(NpgsqlDataSource db, string state, string key)
    {
        await using var command = db.CreateCommand("""
            SELECT graintypehash, serviceid, convert_from(payloadbinary, 'UTF8') FROM orleansstorage
            WHERE grainidhash = $1 AND grainidn0 = 0 AND grainidn1 = 0 AND graintypestring = $2 AND grainidextensionstring = $3
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = GrainIdHash(key) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new Template(reader.GetInt32(0), reader.GetString(1), reader.GetString(2))
            : throw new InvalidOperationException($"No {state} row for {key} under its hash: the storage's key hash is not the one computed here.");
    }

    private static void AddTemplate(NpgsqlCommand command, Template template, string[] pairs)
    {
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = template.TypeHash });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = template.ServiceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = template.Json });
        foreach (var pair in pairs)
        {
            // A value the grain's serializer escaped otherwise than here would be left as it is: refuse instead.
            if (!template.Json.Contains(pair, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The template row does not hold {pair} as written here: {template.Json}");
            }
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = pair });
        }
    }

    private static async Task<bool> ExistsAsync(NpgsqlDataSource db, string state, string key)
    {
        await using var command = db.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM orleansstorage
            WHERE grainidhash = $1 AND grainidn0 = 0 AND grainidn1 = 0 AND graintypestring = $2 AND grainidextensionstring = $3)
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = GrainIdHash(key) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A confirmed order of the shop (its step too: the e-mail sent), after one checkout through the API if it has none.</summary>
    private static async Task<(string Id, string Customer)> ConfirmedOrderAsync(NpgsqlDataSource db, Shop shop)
    {
        var answered = 0;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await using var command = db.CreateCommand("""
                SELECT order_id, customer_id FROM orders
                WHERE status = 'Confirmed' AND document ->> 'step' = 'Confirmed' AND customer_id NOT LIKE 'scale-%'
                ORDER BY created_at DESC, order_id DESC LIMIT 1
                """);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                return (reader.GetString(0), reader.GetString(1));
            }
            if (attempt % 10 == 0 && answered != 201)
            {
                // A busy shop may answer a checkout past its deadline (504) and confirm it later: look again, then try again.
                answered = await shop.RunAsync("checkout", new Random());
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        throw new InvalidOperationException($"No confirmed order to copy: the last checkout answered {answered}, and no order reached its last step.");
    }

    private static async Task InBatchesAsync(NpgsqlDataSource db, string what, int count, TextWriter output,
        Func<NpgsqlCommand, int, int, string> batch)
    {
        long done = 0;
        var started = DateTime.UtcNow;
        var starts = Enumerable.Range(0, (count + BatchSize - 1) / BatchSize).Select(b => 1 + b * BatchSize);
        // Two at a time: the database's work (the JSON, the triggers, the indexes) takes both cores.
        await Parallel.ForEachAsync(starts, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (from, ct) =>
        {
            await using var command = db.CreateCommand();
            command.CommandTimeout = 0;
            command.CommandText = batch(command, from, Math.Min(count + 1, from + BatchSize));
            await command.ExecuteNonQueryAsync(ct);
            var now = Interlocked.Add(ref done, Math.Min(BatchSize, count + 1 - from));
            if (now % 200_000 < BatchSize || now == count)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  seeded {now:N0} of {count:N0} {what} ({(DateTime.UtcNow - started).TotalSeconds:0} s)"));
            }
        });
    }
}
