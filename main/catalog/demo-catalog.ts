/**
 * The embedded demo catalog a fresh install starts with: a convenience store and a
 * gas station forecourt. Barcodes are real-format EAN-13 (GS1 China prefix 690-699)
 * with correct check digits; the company prefix 6901234 is made up. Fuel grades are
 * sold by the litre under their pump PLU ("92", "95", "98", "0").
 */
import type { Product } from '../../preload/contract';

type Row = [barcode: string, nameZh: string, nameEn: string, unit: string, priceFen: number, category: string];

const mart: Row[] = [
  ['6901234000016', '农夫山泉 饮用天然水 550ml', 'Nongfu Spring water 550ml', '瓶', 200, 'drinks'],
  ['6901234000023', '可口可乐 330ml 罐装', 'Coca-Cola can 330ml', '罐', 350, 'drinks'],
  ['6901234000030', '康师傅 红烧牛肉面', 'Master Kong beef noodles', '袋', 450, 'food'],
  ['6901234000047', '统一 冰红茶 500ml', 'Uni-President iced tea 500ml', '瓶', 300, 'drinks'],
  ['6901234000054', '乐事 薯片 原味 70g', "Lay's chips original 70g", '袋', 750, 'snacks'],
  ['6901234000061', '奥利奥 夹心饼干 97g', 'Oreo cookies 97g', '盒', 890, 'snacks'],
  ['6901234000078', '伊利 纯牛奶 250ml', 'Yili pure milk 250ml', '盒', 350, 'dairy'],
  ['6901234000085', '旺旺 雪饼 84g', 'Want Want rice crackers 84g', '袋', 620, 'snacks'],
  ['6901234000092', '红牛 维生素功能饮料 250ml', 'Red Bull 250ml', '罐', 600, 'drinks'],
  ['6901234000108', '心相印 手帕纸 10包', 'Hearttex tissues 10 packs', '提', 990, 'household'],
  ['6901234000115', '云南白药 牙膏 120g', 'Yunnan Baiyao toothpaste 120g', '支', 2980, 'household'],
  ['6901234000122', '中华 香烟 (软)', 'Zhonghua cigarettes (soft)', '包', 7000, 'tobacco'],
  ['6901234000139', '雀巢 咖啡 1+2 原味 15条', 'Nescafe 1+2 original 15 sticks', '盒', 3250, 'drinks'],
  ['6901234000146', '德芙 丝滑牛奶巧克力 43g', 'Dove milk chocolate 43g', '块', 990, 'snacks'],
  ['6901234000153', '汽车 玻璃水 2L', 'Windscreen washer fluid 2L', '桶', 1500, 'auto'],
  ['6901234000160', '嘉实多 机油 4L', 'Castrol engine oil 4L', '桶', 29900, 'auto'],
];

/** Pump grades: PLU, names, price per litre in fen. */
const fuel: Array<[plu: string, nameZh: string, nameEn: string, priceFen: number]> = [
  ['92', '92# 汽油', 'Gasoline 92', 735],
  ['95', '95# 汽油', 'Gasoline 95', 783],
  ['98', '98# 汽油', 'Gasoline 98', 869],
  ['0', '0# 柴油', 'Diesel 0', 705],
];

export const demoCatalog: Product[] = [
  ...mart.map(([barcode, nameZh, nameEn, unit, priceFen, category]) => ({
    id: `mart-${barcode}`,
    barcode,
    nameZh,
    nameEn,
    unit,
    priceFen,
    soldBy: 'each' as const,
    store: 'mart' as const,
    category,
  })),
  ...fuel.map(([plu, nameZh, nameEn, priceFen]) => ({
    id: `fuel-${plu}`,
    barcode: plu,
    nameZh,
    nameEn,
    unit: '升',
    priceFen,
    soldBy: 'litre' as const,
    store: 'fuel' as const,
    category: 'fuel',
  })),
];
