; m_screen2.asm -- the second VM's screen (m_screen.inc): cursor at row 7, column 20.
%define SCREEN_TEXT "SCREEN OF THE SECOND VM"
%define CUR_ROW 7
%define CUR_COL 20
%include "m_screen.inc"
