; m_screen1.asm -- the first VM's screen (m_screen.inc): cursor at row 3, column 5.
%define SCREEN_TEXT "SCREEN OF THE FIRST VM"
%define CUR_ROW 3
%define CUR_COL 5
%include "m_screen.inc"
