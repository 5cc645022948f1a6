/**
 * Places for synthetic addresses: for each pre-2025 province of provinces-north.json, a few
 * communes with their district (the old 3-level form) and the commune or ward they belong to after
 * the 2025 arrangement (the new 2-level form, Resolution 202/2025/QH15 and the Standing Committee's
 * commune resolutions). Names are drawn from those arrangements but this table is illustrative demo
 * data, not a gazetteer: verify before any other use. Lào Cai has the most detail because the demo
 * hospital's patients mostly live there.
 */
export interface Place {
  oldProvince: string;
  district: string;
  commune: string;
  newCommune: string;
  urban: boolean;
}

interface ProvincePlaces {
  /** Mountain provinces draw ethnicity from ethnic-names.json's shares; lowland ones are mostly Kinh. */
  highland: boolean;
  /** Old provinces whose people commonly come to this province's hospitals. */
  neighbours: readonly string[];
  /** [district, commune, new commune, urban] */
  places: readonly (readonly [string, string, string, 0 | 1])[];
}

// prettier-ignore
export const PLACES: Record<string, ProvincePlaces> = {
  'Lào Cai': {
    highland: true,
    neighbours: ['Yên Bái', 'Lai Châu', 'Hà Giang'],
    places: [
      ['Thành phố Lào Cai', 'Phường Cốc Lếu', 'Phường Lào Cai', 1],
      ['Thành phố Lào Cai', 'Phường Kim Tân', 'Phường Lào Cai', 1],
      ['Thành phố Lào Cai', 'Phường Duyên Hải', 'Phường Lào Cai', 1],
      ['Thành phố Lào Cai', 'Phường Bắc Cường', 'Phường Cam Đường', 1],
      ['Thành phố Lào Cai', 'Phường Pom Hán', 'Phường Cam Đường', 1],
      ['Thành phố Lào Cai', 'Xã Hợp Thành', 'Xã Hợp Thành', 0],
      ['Thị xã Sa Pa', 'Phường Sa Pa', 'Phường Sa Pa', 1],
      ['Thị xã Sa Pa', 'Xã Tả Van', 'Xã Tả Van', 0],
      ['Thị xã Sa Pa', 'Xã Bản Hồ', 'Xã Bản Hồ', 0],
      ['Thị xã Sa Pa', 'Xã Tả Phìn', 'Xã Tả Phìn', 0],
      ['Huyện Bát Xát', 'Thị trấn Bát Xát', 'Xã Bát Xát', 1],
      ['Huyện Bát Xát', 'Xã Y Tý', 'Xã Y Tý', 0],
      ['Huyện Bát Xát', 'Xã A Mú Sung', 'Xã A Mú Sung', 0],
      ['Huyện Bát Xát', 'Xã Trịnh Tường', 'Xã Trịnh Tường', 0],
      ['Huyện Bát Xát', 'Xã Mường Hum', 'Xã Mường Hum', 0],
      ['Huyện Bắc Hà', 'Thị trấn Bắc Hà', 'Xã Bắc Hà', 1],
      ['Huyện Bắc Hà', 'Xã Lùng Phình', 'Xã Lùng Phình', 0],
      ['Huyện Bắc Hà', 'Xã Tả Củ Tỷ', 'Xã Tả Củ Tỷ', 0],
      ['Huyện Bắc Hà', 'Xã Bảo Nhai', 'Xã Bảo Nhai', 0],
      ['Huyện Si Ma Cai', 'Thị trấn Si Ma Cai', 'Xã Si Ma Cai', 0],
      ['Huyện Si Ma Cai', 'Xã Sín Chéng', 'Xã Sín Chéng', 0],
      ['Huyện Mường Khương', 'Thị trấn Mường Khương', 'Xã Mường Khương', 0],
      ['Huyện Mường Khương', 'Xã Pha Long', 'Xã Pha Long', 0],
      ['Huyện Mường Khương', 'Xã Bản Lầu', 'Xã Bản Lầu', 0],
      ['Huyện Bảo Thắng', 'Thị trấn Phố Lu', 'Xã Bảo Thắng', 1],
      ['Huyện Bảo Thắng', 'Thị trấn Tằng Loỏng', 'Xã Tằng Loỏng', 1],
      ['Huyện Bảo Thắng', 'Xã Xuân Quang', 'Xã Xuân Quang', 0],
      ['Huyện Bảo Thắng', 'Xã Phong Niên', 'Xã Phong Hải', 0],
      ['Huyện Bảo Yên', 'Thị trấn Phố Ràng', 'Xã Bảo Yên', 1],
      ['Huyện Bảo Yên', 'Xã Nghĩa Đô', 'Xã Nghĩa Đô', 0],
      ['Huyện Bảo Yên', 'Xã Thượng Hà', 'Xã Thượng Hà', 0],
      ['Huyện Văn Bàn', 'Thị trấn Khánh Yên', 'Xã Khánh Yên', 1],
      ['Huyện Văn Bàn', 'Xã Nậm Chày', 'Xã Nậm Chày', 0],
      ['Huyện Văn Bàn', 'Xã Dần Thàng', 'Xã Võ Lao', 0],
    ],
  },
  'Yên Bái': {
    highland: true,
    neighbours: ['Lào Cai', 'Phú Thọ', 'Sơn La', 'Tuyên Quang'],
    places: [
      ['Thành phố Yên Bái', 'Phường Đồng Tâm', 'Phường Yên Bái', 1],
      ['Thành phố Yên Bái', 'Phường Nguyễn Thái Học', 'Phường Yên Bái', 1],
      ['Thị xã Nghĩa Lộ', 'Phường Trung Tâm', 'Phường Nghĩa Lộ', 1],
      ['Huyện Mù Cang Chải', 'Thị trấn Mù Cang Chải', 'Xã Mù Cang Chải', 0],
      ['Huyện Mù Cang Chải', 'Xã Lao Chải', 'Xã Lao Chải', 0],
      ['Huyện Trạm Tấu', 'Thị trấn Trạm Tấu', 'Xã Trạm Tấu', 0],
      ['Huyện Lục Yên', 'Thị trấn Yên Thế', 'Xã Lục Yên', 1],
      ['Huyện Văn Chấn', 'Xã Sơn Thịnh', 'Xã Văn Chấn', 0],
    ],
  },
  'Lai Châu': {
    highland: true,
    neighbours: ['Lào Cai', 'Điện Biên', 'Sơn La'],
    places: [
      ['Thành phố Lai Châu', 'Phường Tân Phong', 'Phường Tân Phong', 1],
      ['Huyện Phong Thổ', 'Thị trấn Phong Thổ', 'Xã Phong Thổ', 0],
      ['Huyện Phong Thổ', 'Xã Dào San', 'Xã Dào San', 0],
      ['Huyện Sìn Hồ', 'Thị trấn Sìn Hồ', 'Xã Sìn Hồ', 0],
      ['Huyện Tam Đường', 'Thị trấn Tam Đường', 'Xã Bình Lư', 0],
      ['Huyện Mường Tè', 'Thị trấn Mường Tè', 'Xã Mường Tè', 0],
      ['Huyện Than Uyên', 'Thị trấn Than Uyên', 'Xã Than Uyên', 1],
    ],
  },
  'Hà Giang': {
    highland: true,
    neighbours: ['Lào Cai', 'Tuyên Quang', 'Cao Bằng'],
    places: [
      ['Thành phố Hà Giang', 'Phường Minh Khai', 'Phường Hà Giang 1', 1],
      ['Huyện Đồng Văn', 'Thị trấn Đồng Văn', 'Xã Đồng Văn', 0],
      ['Huyện Mèo Vạc', 'Thị trấn Mèo Vạc', 'Xã Mèo Vạc', 0],
      ['Huyện Yên Minh', 'Thị trấn Yên Minh', 'Xã Yên Minh', 0],
      ['Huyện Xín Mần', 'Thị trấn Cốc Pài', 'Xã Xín Mần', 0],
      ['Huyện Hoàng Su Phì', 'Thị trấn Vinh Quang', 'Xã Hoàng Su Phì', 0],
    ],
  },
  'Tuyên Quang': {
    highland: true,
    neighbours: ['Hà Giang', 'Yên Bái', 'Thái Nguyên'],
    places: [
      ['Thành phố Tuyên Quang', 'Phường Phan Thiết', 'Phường Minh Xuân', 1],
      ['Huyện Na Hang', 'Thị trấn Na Hang', 'Xã Na Hang', 0],
      ['Huyện Chiêm Hóa', 'Thị trấn Vĩnh Lộc', 'Xã Chiêm Hóa', 0],
    ],
  },
  'Điện Biên': {
    highland: true,
    neighbours: ['Lai Châu', 'Sơn La'],
    places: [
      ['Thành phố Điện Biên Phủ', 'Phường Mường Thanh', 'Phường Điện Biên Phủ', 1],
      ['Huyện Tủa Chùa', 'Thị trấn Tủa Chùa', 'Xã Tủa Chùa', 0],
      ['Huyện Mường Chà', 'Thị trấn Mường Chà', 'Xã Mường Chà', 0],
      ['Huyện Mường Nhé', 'Xã Mường Nhé', 'Xã Mường Nhé', 0],
    ],
  },
  'Sơn La': {
    highland: true,
    neighbours: ['Điện Biên', 'Lai Châu', 'Yên Bái', 'Hoà Bình'],
    places: [
      ['Thành phố Sơn La', 'Phường Chiềng Lề', 'Phường Tô Hiệu', 1],
      ['Huyện Bắc Yên', 'Thị trấn Bắc Yên', 'Xã Bắc Yên', 0],
      ['Huyện Sông Mã', 'Thị trấn Sông Mã', 'Xã Sông Mã', 0],
      ['Huyện Thuận Châu', 'Thị trấn Thuận Châu', 'Xã Thuận Châu', 0],
    ],
  },
  'Cao Bằng': {
    highland: true,
    neighbours: ['Hà Giang', 'Bắc Kạn', 'Lạng Sơn'],
    places: [
      ['Thành phố Cao Bằng', 'Phường Hợp Giang', 'Phường Thục Phán', 1],
      ['Huyện Bảo Lạc', 'Thị trấn Bảo Lạc', 'Xã Bảo Lạc', 0],
    ],
  },
  'Bắc Kạn': {
    highland: true,
    neighbours: ['Cao Bằng', 'Thái Nguyên', 'Tuyên Quang'],
    places: [
      ['Thành phố Bắc Kạn', 'Phường Đức Xuân', 'Phường Đức Xuân', 1],
      ['Huyện Chợ Đồn', 'Thị trấn Bằng Lũng', 'Xã Chợ Đồn', 0],
    ],
  },
  'Lạng Sơn': {
    highland: true,
    neighbours: ['Cao Bằng', 'Bắc Giang', 'Quảng Ninh'],
    places: [
      ['Thành phố Lạng Sơn', 'Phường Chi Lăng', 'Phường Lương Văn Tri', 1],
      ['Huyện Cao Lộc', 'Thị trấn Đồng Đăng', 'Xã Đồng Đăng', 0],
    ],
  },
  'Thái Nguyên': {
    highland: false,
    neighbours: ['Bắc Kạn', 'Tuyên Quang', 'Hà Nội'],
    places: [
      ['Thành phố Thái Nguyên', 'Phường Hoàng Văn Thụ', 'Phường Phan Đình Phùng', 1],
      ['Huyện Đại Từ', 'Thị trấn Hùng Sơn', 'Xã Đại Từ', 0],
    ],
  },
  'Hoà Bình': {
    highland: true,
    neighbours: ['Sơn La', 'Phú Thọ', 'Hà Nội'],
    places: [
      ['Thành phố Hòa Bình', 'Phường Phương Lâm', 'Phường Hòa Bình', 1],
      ['Huyện Mai Châu', 'Thị trấn Mai Châu', 'Xã Mai Châu', 0],
    ],
  },
  'Phú Thọ': {
    highland: false,
    neighbours: ['Yên Bái', 'Vĩnh Phúc', 'Hà Nội'],
    places: [
      ['Thành phố Việt Trì', 'Phường Gia Cẩm', 'Phường Việt Trì', 1],
      ['Huyện Thanh Sơn', 'Thị trấn Thanh Sơn', 'Xã Thanh Sơn', 0],
    ],
  },
  'Vĩnh Phúc': {
    highland: false,
    neighbours: ['Phú Thọ', 'Hà Nội'],
    places: [['Thành phố Vĩnh Yên', 'Phường Liên Bảo', 'Phường Vĩnh Yên', 1]],
  },
  'Hà Nội': {
    highland: false,
    neighbours: ['Vĩnh Phúc', 'Bắc Ninh', 'Phú Thọ'],
    places: [
      ['Quận Đống Đa', 'Phường Phương Mai', 'Phường Kim Liên', 1],
      ['Quận Cầu Giấy', 'Phường Dịch Vọng', 'Phường Cầu Giấy', 1],
      ['Huyện Sóc Sơn', 'Xã Minh Trí', 'Xã Trung Giã', 0],
    ],
  },
  'Quảng Ninh': {
    highland: false,
    neighbours: ['Lạng Sơn', 'Bắc Giang'],
    places: [['Thành phố Hạ Long', 'Phường Hồng Gai', 'Phường Hồng Gai', 1]],
  },
  'Bắc Giang': {
    highland: false,
    neighbours: ['Lạng Sơn', 'Bắc Ninh', 'Thái Nguyên'],
    places: [['Thành phố Bắc Giang', 'Phường Trần Phú', 'Phường Bắc Giang', 1]],
  },
  'Bắc Ninh': {
    highland: false,
    neighbours: ['Bắc Giang', 'Hà Nội'],
    places: [['Thành phố Bắc Ninh', 'Phường Suối Hoa', 'Phường Kinh Bắc', 1]],
  },
};

export function placesOf(oldProvince: string): Place[] {
  const entry = PLACES[oldProvince];
  if (!entry) throw new Error(`No places for province ${oldProvince}`);
  return entry.places.map(([district, commune, newCommune, urban]) => ({ oldProvince, district, commune, newCommune, urban: urban === 1 }));
}

/** Rural address lines (hamlets: thôn, bản) and urban ones (streets, residential groups: tổ). */
export const HAMLETS = [
  'Thôn Sín Chải',
  'Bản Lùng Thàng',
  'Thôn Nậm Khánh',
  'Thôn Cốc Ly',
  'Bản Pho',
  'Thôn Lủ Thàng',
  'Bản Tả Chải',
  'Thôn Làng Mới',
  'Bản Nà Lốc',
  'Thôn Khe Mạ',
];
export const STREETS = [
  'Hoàng Liên',
  'Trần Hưng Đạo',
  'Nguyễn Huệ',
  'Hoàng Sào',
  'Lê Lợi',
  'Điện Biên',
  'Minh Khai',
  'Võ Nguyên Giáp',
  'Thủy Hoa',
  'Nhạc Sơn',
];
