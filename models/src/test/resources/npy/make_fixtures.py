"""Writes the .npy fixtures of NpyTest with numpy itself (run: /usr/bin/python3 make_fixtures.py)."""
import numpy as np

a = np.array([[1.5, -2.25, 3.0], [4.0, 5.5, -6.125]])
np.save("f4.npy", a.astype("<f4"))
np.save("f8.npy", a.astype("<f8"))
np.save("f4_big_endian.npy", a.astype(">f4"))
np.save("u1.npy", np.array([[0, 1, 255], [7, 128, 3]], dtype=np.uint8))
np.save("f8_1d.npy", np.array([0.5, 1.5, 2.5, 3.5]))
np.save("fortran.npy", np.asfortranarray(a.astype("<f4")))
np.save("i8.npy", np.array([[1, 2], [3, 4]], dtype="<i8"))
np.save("f4_3d.npy", np.zeros((2, 2, 2), dtype="<f4"))
