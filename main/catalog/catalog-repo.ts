/** Products: lookup by barcode/PLU, search by name, and the first-start seed. */
import type { Product } from '../../preload/contract';
import type { Db } from '../db/open';
import { demoCatalog } from './demo-catalog';

interface ProductRow {
  id: string;
  barcode: string;
  name_zh: string;
  name_en: string;
  unit: string;
  price_fen: number;
  sold_by: Product['soldBy'];
  store: Product['store'];
  category: string;
}

const toProduct = (r: ProductRow): Product => ({
  id: r.id,
  barcode: r.barcode,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  unit: r.unit,
  priceFen: r.price_fen,
  soldBy: r.sold_by,
  store: r.store,
  category: r.category,
});

export class CatalogRepo {
  private readonly byCode;
  private readonly byId;
  private readonly search;

  constructor(private readonly db: Db) {
    this.byCode = db.prepare<[string], ProductRow>('SELECT * FROM products WHERE barcode = ?');
    this.byId = db.prepare<[string], ProductRow>('SELECT * FROM products WHERE id = ?');
    this.search = db.prepare<[string, string, string, number], ProductRow>(
      `SELECT * FROM products WHERE name_zh LIKE ? ESCAPE '\\' OR name_en LIKE ? ESCAPE '\\' OR barcode LIKE ? ESCAPE '\\'
       ORDER BY store, name_zh LIMIT ?`,
    );
  }

  /** Seeds the demo catalog into an empty products table; a catalog already there is left alone. */
  seedIfEmpty(products: Product[] = demoCatalog): number {
    const count = (this.db.prepare('SELECT COUNT(*) AS n FROM products').get() as { n: number }).n;
    if (count > 0) return 0;
    const insert = this.db.prepare(
      `INSERT INTO products (id, barcode, name_zh, name_en, unit, price_fen, sold_by, store, category)
       VALUES (@id, @barcode, @nameZh, @nameEn, @unit, @priceFen, @soldBy, @store, @category)`,
    );
    this.db.transaction(() => {
      for (const p of products) insert.run(p);
    })();
    return products.length;
  }

  findByCode(code: string): Product | undefined {
    const row = this.byCode.get(code);
    return row ? toProduct(row) : undefined;
  }

  findById(id: string): Product | undefined {
    const row = this.byId.get(id);
    return row ? toProduct(row) : undefined;
  }

  searchText(query: string, limit: number): Product[] {
    const like = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.search.all(like, like, like, limit).map(toProduct);
  }
}
