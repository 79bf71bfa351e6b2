"""Writes the ZTF DR7 MOC of ../ztf_dr7_moc.json as IVOA FITS MOCs with astropy (not with FinkXmatch's code):
ztf_dr7_moc.fits (MOC 2.0 keywords, NUNIQ as int64) and ztf_dr7_moc_int32.fits (MOC 1.1 keywords, NUNIQ as int32), in the one column UNIQ.
UNIQ (column) = NUNIQ = 4 * 4**order + pixel (MOC 2.0 section 4.3.1); rows sorted by NUNIQ. Run from this folder with Debian's python3-astropy: /usr/bin/python3 make_fits_mocs.py"""
import json

import numpy as np
from astropy.io import fits

with open("../ztf_dr7_moc.json") as f:
    cells = {int(order): pixels for order, pixels in json.load(f).items()}
max_order = max(cells)
nuniq = np.sort(np.array([4 * 4**order + pixel for order, pixels in cells.items() for pixel in pixels], dtype=np.int64))


def write(path, dtype, fmt, keywords):
    table = fits.BinTableHDU.from_columns([fits.Column(name="UNIQ", format=fmt, array=nuniq.astype(dtype))])
    for key, value in keywords:
        table.header[key] = value
    fits.HDUList([fits.PrimaryHDU(), table]).writeto(path, overwrite=True)


write("ztf_dr7_moc.fits", np.int64, "K",
      [("PIXTYPE", "HEALPIX"), ("ORDERING", "NUNIQ"), ("COORDSYS", "C"), ("MOCVERS", "2.0"), ("MOCDIM", "SPACE"),
       ("MOCORD_S", max_order), ("MOCTOOL", "astropy")])
write("ztf_dr7_moc_int32.fits", np.int32, "J",
      [("PIXTYPE", "HEALPIX"), ("ORDERING", "NUNIQ"), ("COORDSYS", "C"), ("MOCORDER", max_order), ("MOCTOOL", "astropy")])
